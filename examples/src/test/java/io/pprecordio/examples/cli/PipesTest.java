package io.pprecordio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inputs that cannot seek: standard input connected to a pipe, and named pipes (FIFOs) given as
 * files. Java opens both as a {@code FileChannel}, which claims to be seekable but fails with
 * "Illegal seek"; every reading command must read them as a stream.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipesTest {
  @TempDir
  Path dir;

  private Path file;

  private Path records() throws IOException {
    file = dir.resolve("events.pp");
    TestFiles.write(file, TestFiles.lines("event ", 3));
    return file;
  }

  private Path fifo(String name) throws Exception {
    Path fifo = dir.resolve(name);
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor());
    return fifo;
  }

  /**
   * A writer on another thread that opens the FIFO after {@code delayMillis} and writes the file
   * into it. A daemon, so that a test failing before the FIFO is opened cannot hang the JVM.
   */
  private static void feed(Path fifo, Path source, long delayMillis) {
    Thread writer = new Thread(() -> {
      try {
        Thread.sleep(delayMillis);
        Files.write(fifo, Files.readAllBytes(source));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "fifo writer");
    writer.setDaemon(true);
    writer.start();
  }

  private static String expectedOutput(String command) {
    return switch (command) {
      case "count" -> "3\n";
      case "cat", "head" -> "event 0\nevent 1\nevent 2\n";
      case "verify" -> "<stdin>: ok, 3 records\n";
      default -> null;
    };
  }

  /** {@code cat events.pp | pprecordio COMMAND -}, for every reading command. */
  @ParameterizedTest
  @ValueSource(strings = {"count", "cat", "head", "stat", "verify", "recover"})
  void everyReadingCommandReadsStandardInputFromAPipe(String command) throws Exception {
    Path source = records();
    Path pipe = fifo("stdin");
    feed(pipe, source, 0);
    Path out = dir.resolve("recovered.pp");
    CliRun.Result r;
    try (InputStream stdin = new FileInputStream(pipe.toFile())) {
      r = command.equals("recover")
          ? CliRun.run(stdin, command, "-", out.toString())
          : CliRun.run(stdin, command, "-");
    }
    r.expect(0);
    switch (command) {
      case "stat" -> assertTrue(r.stdout().contains("records:          3\n"), r.stdout());
      case "recover" -> assertEquals(3, TestFiles.read(out).size());
      default -> assertEquals(expectedOutput(command), r.stdout());
    }
  }

  @Test
  void aFifoNamedAsAFileIsReadAsAStream() throws Exception {
    Path source = records();
    Path fifo = fifo("events.fifo");
    feed(fifo, source, 0);
    CliRun.Result r = CliRun.run("cat", "--offsets", fifo.toString()).expect(0);
    List<String> lines = r.lines();
    assertEquals(3, lines.size(), r.stdout());
    assertTrue(lines.get(0).startsWith("0\t"), lines.get(0));
    assertEquals("", r.stderr());
  }

  /** A writer that opens the FIFO late makes the reader wait, as {@code cat} does. */
  @Test
  void aFifoWhoseWriterOpensLateIsWaitedFor() throws Exception {
    Path source = records();
    Path fifo = fifo("late.fifo");
    feed(fifo, source, 500);
    assertEquals("3\n", CliRun.run("count", fifo.toString()).expect(0).stdout());
    Path stat = fifo("stat.fifo");
    feed(stat, source, 200);
    String out = CliRun.run("stat", stat.toString()).expect(0).stdout();
    assertTrue(out.contains("file bytes:       " + Files.size(source) + " "), out);
  }
}
