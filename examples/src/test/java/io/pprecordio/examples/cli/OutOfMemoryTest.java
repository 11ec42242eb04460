package io.pprecordio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record the heap cannot hold ends the CLI with one line and status 2, not a stack trace. Run in
 * a child JVM with a small heap, so the OutOfMemoryError is real.
 */
class OutOfMemoryTest {
  private static final int RECORD_BYTES = 48 << 20;

  @TempDir
  Path dir;

  @Test
  void aRecordAboveTheHeapIsOneLineNamingTheLimitAndTheWaysOut() throws Exception {
    Path big = dir.resolve("big.pp");
    TestFiles.write(big, List.of(new byte[RECORD_BYTES]));

    List<String> command = new ArrayList<>(List.of(
        Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "count", "--max-record-bytes", "64m", big.toString()));
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(command).redirectErrorStream(false)
        .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out");
    String stderr = Files.readString(err);
    assertEquals(2, p.exitValue(), stderr);
    assertFalse(stderr.contains("\tat ") || stderr.contains("Exception in thread"), stderr);
    List<String> lines = stderr.lines().toList();
    assertEquals(1, lines.size(), stderr);
    String line = lines.get(0);
    assertTrue(line.startsWith("pprecordio count: out of memory (Java heap space) with a heap of "),
        line);
    assertTrue(line.contains(" and a record limit of 64m; raise the heap with"
        + " PPRECORDIO_OPTS=-Xmx"), line);
    assertTrue(line.endsWith(" or lower --max-record-bytes"), line);
    assertEquals("", Files.readString(dir.resolve("out.txt")));
  }

  @Test
  void theSuggestedHeapHoldsTwoRecordsOfTheLimitAndRoundsToWholeUnits() {
    long mib = 1L << 20;
    assertEquals(640 * mib, Errors.suggestedHeap(256 * mib, 64 * mib));
    assertEquals(1024 * mib, Errors.suggestedHeap(256 * mib, 512 * mib));
    assertEquals("640m", ByteSize.format(640 * mib));
    assertEquals("1g", ByteSize.format(1024 * mib));
    assertEquals("31m", ByteSize.format(30 * mib + 1));
    assertEquals("64k", ByteSize.format(64 << 10));
    assertEquals("1000", ByteSize.format(1000));
  }
}
