package io.pprecordio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Runs the CLI in-process through picocli with captured standard streams. */
final class CliRun {
  private CliRun() {}

  /** What one command line did. */
  record Result(String[] args, int status, byte[] stdoutBytes, String stderr) {
    String stdout() {
      return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    List<String> lines() {
      String out = stdout();
      if (out.isEmpty()) {
        return List.of();
      }
      String body = out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
      return Arrays.asList(body.split("\n", -1));
    }

    Result expect(int expected) {
      assertEquals(expected, status, () -> "exit status of " + String.join(" ", args)
          + "\nstdout: " + stdout() + "\nstderr: " + stderr);
      assertNoStackTrace();
      return this;
    }

    void assertNoStackTrace() {
      assertFalse(stderr.contains("\tat ") || stderr.contains("Exception in thread"),
          () -> "stack trace on stderr of " + String.join(" ", args) + ":\n" + stderr);
    }

    /** A failed command prints exactly one line, prefixed with the command. */
    Result expectOneLineError(int expected, String command, String fragment) {
      expect(expected);
      String[] errLines = stderr.split("\n");
      assertEquals(1, errLines.length, () -> "expected one line on stderr, got:\n" + stderr);
      assertTrue(errLines[0].startsWith(command + ": "), () -> "prefix of: " + errLines[0]);
      assertTrue(errLines[0].contains(fragment),
          () -> "'" + fragment + "' not in: " + errLines[0]);
      return this;
    }
  }

  static Result run(String... args) {
    return run(new byte[0], args);
  }

  static Result run(byte[] stdin, String... args) {
    return run(false, stdin, args);
  }

  /** With {@code terminal}, claims standard error is a terminal and shows progress at once. */
  static Result run(boolean terminal, byte[] stdin, String... args) {
    return run(terminal, new ByteArrayInputStream(stdin), args);
  }

  /** With standard input read from {@code stdin}, such as a pipe. */
  static Result run(InputStream stdin, String... args) {
    return run(false, stdin, args);
  }

  private static Result run(boolean terminal, InputStream stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    Io io = Io.of(stdin, out, errStream);
    if (terminal) {
      io = io.withTerminalStderr(0);
    }
    int status = Cli.run(io, args);
    errStream.flush();
    return new Result(args, status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }
}
