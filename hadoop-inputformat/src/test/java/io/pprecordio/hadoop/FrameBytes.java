package io.pprecordio.hadoop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pprecordio.Codec;
import io.pprecordio.FormatVersion;
import java.nio.ByteBuffer;

/** Checks frame headers against FORMAT.md's layout, to see what a writer really wrote. */
final class FrameBytes {
  private FrameBytes() {}

  private static final int MAGIC = 0xDEADBEEF;
  private static final int V2_MARKER = 0x50505232; // "PPR2"

  static void assertFrame(byte[] file, int offset, FormatVersion version, Codec codec) {
    ByteBuffer header = ByteBuffer.wrap(file, offset, 40).slice();
    assertEquals(MAGIC, header.getInt(0), "magic at " + offset);
    int flags = header.getInt(20);
    int expectedFlags = codec == Codec.GZIP ? 1 : codec == Codec.ZSTD ? 2 : 0;
    assertEquals(expectedFlags, flags, "codec flags at " + offset);
    if (version == FormatVersion.V1) {
      assertEquals(0L, header.getLong(24), "v1 reserved bytes at " + offset);
      assertEquals(0L, header.getLong(32), "v1 reserved bytes at " + offset);
    } else {
      assertEquals(V2_MARKER, header.getInt(24), "v2 marker at " + offset);
    }
  }
}
