package io.pprecordio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command as a whole: help, version, unknown commands, progress. */
class CliTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"cat", "head", "count", "stat", "verify", "recover", "write",
      "convert", "grep"})
  void everyCommandHasHelp(String command) {
    CliRun.Result r = CliRun.run(command, "--help").expect(0);
    assertTrue(r.stdout().startsWith("Usage: pprecordio " + command), r.stdout());
    assertTrue(r.stdout().contains("Exit status:"), r.stdout());
    assertEquals("", r.stderr());
    assertEquals(r.stdout(), CliRun.run(command, "-h").expect(0).stdout());
  }

  @Test
  void topLevelHelpListsEveryCommandAndTheExitStatuses() {
    String help = CliRun.run("--help").expect(0).stdout();
    for (String command : List.of("cat", "head", "count", "stat", "verify", "recover", "write",
        "convert", "grep")) {
      assertTrue(help.contains("\n  " + command + " "), command + " missing from:\n" + help);
    }
    assertTrue(help.contains("  1  verify found corruption"), help);
  }

  @Test
  void noCommandShowsUsageOnStandardErrorWithStatus2() {
    CliRun.Result r = CliRun.run();
    assertEquals(2, r.status());
    assertEquals("", r.stdout());
    assertTrue(r.stderr().startsWith("Usage: pprecordio"), r.stderr());
  }

  @Test
  void versionNamesTheTool() {
    assertTrue(CliRun.run("--version").expect(0).stdout().startsWith("pprecordio "));
  }

  /** Every line of the exit status list is indented: none wraps to column 0. */
  @ParameterizedTest
  @ValueSource(strings = {"", "cat", "verify", "write", "convert", "grep"})
  void exitStatusListsDoNotWrapToTheMargin(String command) {
    String help = (command.isEmpty() ? CliRun.run("--help") : CliRun.run(command, "--help"))
        .expect(0).stdout();
    String statuses = help.substring(help.indexOf("Exit status:\n") + "Exit status:\n".length());
    for (String line : statuses.split("\n")) {
      if (line.startsWith("Run ")) {
        break;
      }
      assertTrue(line.isEmpty() || line.startsWith("  "), () -> "'" + line + "' in:\n" + help);
    }
  }

  @Test
  void writeHelpListsOnlyTheStatusesWriteCanReturn() {
    String help = CliRun.run("write", "--help").expect(0).stdout();
    assertFalse(help.contains("not a pp_recordio"), help);
    assertTrue(help.contains("  2  usage error or I/O error"), help);
  }

  @Test
  void theHelpCommandShowsACommandsHelp() {
    assertEquals(CliRun.run("count", "--help").expect(0).stdout(),
        CliRun.run("help", "count").expect(0).stdout());
    assertTrue(CliRun.run("help").expect(0).stdout().startsWith("Usage: pprecordio"));
  }

  @Test
  void anUnknownCommandListsTheCommandsAndSuggestsTheNearest() {
    CliRun.Result r = CliRun.run("nosuchcmd").expectOneLineError(2, "pprecordio",
        "'nosuchcmd' is not a command; did you mean '");
    assertTrue(r.stderr().contains("The commands are cat, head, get, count, stat, index, verify,"
        + " recover, write, convert, grep, help. (see 'pprecordio --help')"), r.stderr());
    CliRun.run("verfy", "x").expectOneLineError(2, "pprecordio",
        "'verfy' is not a command; did you mean 'verify'?");
    CliRun.run("cout", "x").expectOneLineError(2, "pprecordio", "did you mean 'count'?");
  }

  @Test
  void anUnknownCommandOrOptionIsOneLine() {
    CliRun.run("frobnicate").expectOneLineError(2, "pprecordio", "is not a command");
    CliRun.run("--frobnicate").expectOneLineError(2, "pprecordio", "Unknown option");
    CliRun.run("count", "-z", "x").expectOneLineError(2, "pprecordio count", "Unknown option");
  }

  @Test
  void progressAppearsOnlyWhenStandardErrorIsATerminal() throws Exception {
    Path f = dir.resolve("a.pp");
    TestFiles.write(f, TestFiles.lines("record ", 2000));
    CliRun.Result withBar = CliRun.run(true, new byte[0], "verify", f.toString()).expect(0);
    assertTrue(withBar.stderr().contains("verify 100%"), withBar.stderr());
    assertTrue(withBar.stderr().contains("MiB"), withBar.stderr());
    assertTrue(withBar.stderr().endsWith("\r"), "the bar is wiped at the end");
    assertEquals(List.of(f + ": ok, 2000 records"), withBar.lines());

    assertEquals("", CliRun.run(false, new byte[0], "verify", f.toString()).expect(0).stderr());
  }

  @Test
  void noProgressWhenRecordsGoToTheSameTerminal() throws Exception {
    Path f = dir.resolve("a.pp");
    TestFiles.write(f, TestFiles.lines("record ", 100));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Io terminal = new Io(new ByteArrayInputStream(new byte[0]), out,
        new PrintStream(err, true, StandardCharsets.UTF_8), true, true, true, 0);
    assertEquals(0, Cli.run(terminal, "cat", f.toString()));
    assertEquals("", err.toString(StandardCharsets.UTF_8));
    assertEquals(0, Cli.run(terminal, "count", f.toString()));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("count 100%"));
  }
}
