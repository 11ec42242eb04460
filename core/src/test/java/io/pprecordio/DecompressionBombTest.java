package io.pprecordio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decompression bombs, gzip and zstd, v1 and v2, read by a child JVM whose heap is the record limit
 * plus {@link #HEAP_CONSTANT}: the bound README and FORMAT.md promise. A bomb ends with the "too
 * large" error, or, when its header declares a small size and it inflates to more, as a corrupt
 * region; never with an OutOfMemoryError.
 */
class DecompressionBombTest {
  private static final long LIMIT = 32L << 20;
  /** The documented constant: the read buffer, the JVM's own needs and a bomb's stored bytes. */
  private static final long HEAP_CONSTANT = 64L << 20;
  /** What every bomb inflates to: eight times the limit. */
  private static final long INFLATED = 8 * LIMIT;

  @TempDir Path dir;

  @Test
  void bombsEndInTheTooLargeErrorWithinTheLimitPlusAConstant() throws Exception {
    byte[] gzip = compress(true);
    byte[] zstd = compress(false);
    assertTooLarge(frame(FormatVersion.V1, gzip, FrameFormat.FLAG_GZIP, -1), "v1 gzip");
    assertTooLarge(frame(FormatVersion.V2, gzip, FrameFormat.FLAG_GZIP, INFLATED), "v2 gzip");
    assertTooLarge(frame(FormatVersion.V2, zstd, FrameFormat.FLAG_ZSTD, INFLATED), "v2 zstd");
  }

  @Test
  void bombsThatUnderstateTheirSizeAreCorruptRegions() throws Exception {
    for (boolean gzip : new boolean[] {true, false}) {
      byte[] stored = compress(gzip);
      byte[] file = frame(FormatVersion.V2, stored,
          gzip ? FrameFormat.FLAG_GZIP : FrameFormat.FLAG_ZSTD, LIMIT);
      assertEquals("records=0 regions=1", readInChild(file), gzip ? "gzip" : "zstd");
    }
  }

  private void assertTooLarge(byte[] file, String what) throws Exception {
    String out = readInChild(file);
    assertTrue(out.startsWith("TOO_LARGE record in ") && out.contains("above the limit of "
        + LIMIT + " bytes"), what + ": " + out);
  }

  /** Zeros, INFLATED bytes of them, compressed without holding them in memory. */
  private static byte[] compress(boolean gzip) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] zeros = new byte[1 << 20];
    try (OutputStream out = gzip ? new GZIPOutputStream(bytes, 1 << 16)
        : new com.github.luben.zstd.ZstdOutputStream(bytes)) {
      for (long n = 0; n < INFLATED; n += zeros.length) {
        out.write(zeros);
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] frame(FormatVersion version, byte[] stored, int flags,
      long decodedLength) {
    byte[] file = new byte[FrameFormat.HEADER_SIZE + stored.length];
    FrameFormat.encodeHeader(file, 0, version, stored.length,
        FrameFormat.crc32(stored, 0, stored.length), flags, decodedLength);
    System.arraycopy(stored, 0, file, FrameFormat.HEADER_SIZE, stored.length);
    return file;
  }

  private String readInChild(byte[] file) throws Exception {
    Path path = Files.createTempFile(dir, "bomb", ".pp_recordio");
    Files.write(path, file);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + ((LIMIT + HEAP_CONSTANT) >> 20) + "m", "-cp", childClasspath(),
        BombChild.class.getName(), path.toString(), Long.toString(LIMIT)));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, child.waitFor(), "the child failed: " + out);
    return out;
  }

  private static String childClasspath() throws Exception {
    List<String> entries = new ArrayList<>();
    for (Class<?> c : new Class<?>[] {PPRecordReader.class, BombChild.class,
        com.github.luben.zstd.Zstd.class}) {
      entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString());
    }
    return String.join(File.pathSeparator, entries);
  }
}
