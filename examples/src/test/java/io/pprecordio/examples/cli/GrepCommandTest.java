package io.pprecordio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.PPRecordReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pprecordio grep}: the MapReduce example through the CLI, on the LocalJobRunner. */
class GrepCommandTest {
  @TempDir
  Path dir;

  private String tmpDir() {
    return "hadoop.tmp.dir=" + dir.resolve("hadoop-tmp");
  }

  private List<String> records(Path output) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(output)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted()
          .toList()) {
        try (PPRecordReader r = PPRecordReader.open(f)) {
          while (r.advance()) {
            out.add(new String(r.record(), StandardCharsets.UTF_8));
          }
        }
      }
    }
    out.sort(null);
    return out;
  }

  @Test
  void grepsShardsIntoReducerFilesAndPrintsTheSummary() throws Exception {
    Path in = dir.resolve("events");
    CliRun.run(String.join("\n", "{\"level\": \"error\", \"id\": 1}", "{\"level\": \"info\"}",
        "-dash record", "{\"level\": \"ERROR\", \"id\": 2}", "{\"level\": \"warn\"}")
        .getBytes(StandardCharsets.UTF_8), "write", in + "@2").expect(0);

    Path out = dir.resolve("errors");
    CliRun.Result r = CliRun.run("grep", "-D", tmpDir(), "-D", "mapreduce.job.reduces=2",
        "(?i)\"level\": \"error\"", in + "@2", out.toString()).expect(0);
    assertEquals(List.of("{\"level\": \"ERROR\", \"id\": 2}", "{\"level\": \"error\", \"id\": 1}"),
        records(out));
    assertTrue(r.stdout().contains("records in:              5\n"), r.stdout());
    assertTrue(r.stdout().contains("records matched:         2\n"), r.stdout());
    assertTrue(r.stdout().contains("records out:             2\n"), r.stdout());
    assertTrue(r.stdout().contains("  part-r-00001.pp_recordio  "), r.stdout());
    assertEquals("", r.stderr());

    // A pattern that starts with '-' goes through -e; -v keeps the others.
    Path dashes = dir.resolve("dashes");
    CliRun.run("grep", "-D", tmpDir(), "-e", "-dash", in + "@2", dashes.toString()).expect(0);
    assertEquals(List.of("-dash record"), records(dashes));
    Path rest = dir.resolve("rest");
    CliRun.run("grep", "-D", tmpDir(), "-v", "-F", "level", in + "@2", rest.toString())
        .expect(0);
    assertEquals(List.of("-dash record"), records(rest));
  }

  @Test
  void mistakesAreOneLineWithStatus2() throws Exception {
    CliRun.run("grep").expectOneLineError(2, "pprecordio grep",
        "missing PATTERN, INPUT and OUTPUT_DIR (see 'pprecordio grep --help')");
    CliRun.run("grep", "x", "in").expectOneLineError(2, "pprecordio grep",
        "missing OUTPUT_DIR after INPUT in");
    CliRun.run("grep", "--bogus", "x", "in", "out").expectOneLineError(2, "pprecordio grep",
        "Unknown option: '--bogus'");
    CliRun.run("grep", "-D", tmpDir(), "[", "in", dir.resolve("o").toString())
        .expectOneLineError(2, "pprecordio grep", "bad regular expression '['");
    CliRun.run("grep", "-D", tmpDir(), "-D", "pprecordio.max.record.bytes=lots", "x", "in",
        dir.resolve("o").toString()).expectOneLineError(2, "pprecordio grep",
        "pprecordio.max.record.bytes");
    CliRun.run("grep", "-D", tmpDir(), "x", dir.resolve("missing.pp").toString(),
        dir.resolve("o").toString()).expectOneLineError(2, "pprecordio grep", "missing.pp");
    assertFalse(Files.exists(dir.resolve("o")));
  }

  /** Missing shards of a name@N input are named together, in one line. */
  @Test
  void missingShardsAreOneLineNamingThemAll() throws Exception {
    TestFiles.write(dir.resolve("part-00001-of-00004"), TestFiles.lines("x", 1));
    String spec = dir.resolve("part@4").toString();
    CliRun.Result r = CliRun.run("grep", "-D", tmpDir(), "x", spec, dir.resolve("o").toString())
        .expectOneLineError(2, "pprecordio grep", "missing 3 shards: " + dir.resolve(
            "part-00000-of-00004") + ", " + dir.resolve("part-00002-of-00004") + ", "
            + dir.resolve("part-00003-of-00004") + " of " + spec + " (4 shards)");
    assertFalse(r.stderr().contains("Input path does not exist"), r.stderr());
    assertFalse(Files.exists(dir.resolve("o")));
  }

  /** Bytes with no frame at all: status 1 and the message cat gives, as convert does. */
  @Test
  void anInputWithNoValidFrameIsStatus1() throws Exception {
    Path notPP = Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
    CliRun.run("grep", "-D", tmpDir(), "root", notPP.toString(), dir.resolve("o").toString())
        .expectOneLineError(1, "pprecordio grep", notPP + " is not a pp_recordio file (no valid"
            + " frame in its " + Files.size(notPP) + " bytes)");
  }

  @Test
  void theFailPolicyFailsTheJobInOneLine() throws Exception {
    Path in = dir.resolve("in.pp");
    List<Long> offsets = TestFiles.write(in, TestFiles.lines("record number ", 50));
    byte[] bytes = Files.readAllBytes(in);
    bytes[(int) (offsets.get(20) + 44)] ^= 0x20;
    Files.write(in, bytes);
    CliRun.run("grep", "-D", tmpDir(), "-D", "pprecordio.corruption.policy=fail", "record",
        in.toString(), dir.resolve("o").toString())
        .expectOneLineError(1, "pprecordio grep", "in.pp");
    CliRun.Result skipped = CliRun.run("grep", "-D", tmpDir(), "record", in.toString(),
        dir.resolve("o2").toString()).expect(0);
    assertTrue(skipped.stdout().contains("corrupt regions skipped: 1\n"), skipped.stdout());
    assertTrue(skipped.stdout().contains("bytes skipped:           "
        + (offsets.get(21) - offsets.get(20)) + "\n"), skipped.stdout());
  }
}
