package io.pprecordio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.examples.convert.ConvertOptionsHelpAccess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pprecordio convert} in-process: options, summary, exit statuses, one-line errors. */
class ConvertCommandTest {
  @TempDir
  Path dir;

  @Test
  void helpListsEveryOptionOfTheJob() {
    String help = CliRun.run("convert", "--help").expect(0).stdout();
    List<String> properties = ConvertOptionsHelpAccess.properties();
    assertEquals(ConvertOptionsHelpAccess.listed(), new java.util.TreeSet<>(properties),
        "the help must list every option of ConvertOptions");
    for (String property : properties) {
      assertTrue(help.contains("\n  --" + property + "="), property + " missing from:\n" + help);
    }
    assertTrue(help.contains("--runner=RUNNER"), help);
    for (String line : help.split("\n")) {
      assertTrue(line.length() <= 80, "wider than 80 columns: " + line);
    }
  }

  @Test
  void convertsAndPrintsTheSummaryOnStandardOutput() throws Exception {
    Path in = dir.resolve("in.pp_recordio");
    List<Long> offsets = TestFiles.write(in, TestFiles.lines("record ", 300));
    TestFiles.flip(in, offsets.get(7) + 41);
    // "--name value" works as well as "--name=value".
    CliRun.Result r = CliRun.run("convert", "--input", in.toString(),
        "--output=" + dir.resolve("out/lines@2.txt"), "--targetParallelism=2").expect(0);
    assertEquals("", r.stderr());
    List<String> lines = r.lines();
    assertTrue(lines.get(0).startsWith("Converted pp_recordio -> text on DirectRunner in "),
        lines.get(0));
    assertTrue(lines.contains("records in:              299"), r.stdout());
    assertTrue(lines.contains("corrupt regions skipped: 1"), r.stdout());
    assertTrue(lines.contains("bytes skipped:           " + (offsets.get(8) - offsets.get(7))),
        r.stdout());
    assertTrue(lines.contains("records out:             299"), r.stdout());
    assertTrue(lines.contains("output:                  " + dir.resolve("out/lines@2.txt")),
        r.stdout());
    long sum = 0;
    for (int shard = 0; shard < 2; shard++) {
      String name = String.format("lines-%05d-of-00002.txt", shard);
      long held = Files.readAllLines(dir.resolve("out").resolve(name)).size();
      assertTrue(lines.contains("  " + name + "  " + held), r.stdout());
      sum += held;
    }
    assertEquals(299, sum);
  }

  @Test
  void theSampleRunExplainsItselfOnStandardError() {
    CliRun.Result r = CliRun.run("convert", "--sampleRecords=90",
        "--output=" + dir.resolve("s@2")).expect(0);
    assertTrue(r.stderr().startsWith("pprecordio convert: no --input given, so converting a"
        + " sample dataset generated in "), r.stderr());
    assertTrue(r.stdout().contains("records in:              88\n"), r.stdout());
    assertTrue(r.stdout().contains("torn tails:              1\n"), r.stdout());
  }

  @Test
  void mistakesAreOneLineWithStatus2() throws Exception {
    CliRun.run("convert", "--inptu=x").expectOneLineError(2, "pprecordio convert",
        "unknown option --inptu; the closest is --input (see 'pprecordio convert --help')");
    CliRun.run("convert", "--bogus=1").expectOneLineError(2, "pprecordio convert",
        "unknown option --bogus; the closest is --");
    CliRun.run("convert", "--outputformat", "text").expectOneLineError(2, "pprecordio convert",
        "unknown option --outputformat; the closest is --outputFormat");
    CliRun.run("convert", "--numShards=many").expectOneLineError(2, "pprecordio convert",
        "--numShards: 'many' is not a whole number");
    CliRun.run("convert", "--countOutputRecords=maybe").expectOneLineError(2,
        "pprecordio convert", "--countOutputRecords: 'maybe' is not true or false");
    CliRun.run("convert", "stray").expectOneLineError(2, "pprecordio convert",
        "unexpected argument 'stray'");
    CliRun.run("convert", "--runner=FlinkRunner").expectOneLineError(2, "pprecordio convert",
        "need a build with -Pflink-runner or -Pspark-runner");
    Path text = Files.writeString(dir.resolve("t.txt"), "a\n");
    CliRun.run("convert", "--input=" + text).expectOneLineError(2, "pprecordio convert",
        "--output is required with --input");
    CliRun.run("convert", "--input=" + dir.resolve("none-*.txt"), "--output=o@1")
        .expectOneLineError(2, "pprecordio convert", "none-*.txt: no such file");
    CliRun.run("convert", "--input=" + dir.resolve("t@2.txt"), "--output=o@1")
        .expectOneLineError(2, "pprecordio convert", "missing shard " + dir.resolve(
            "t-00000-of-00002.txt"));
    CliRun.run("convert", "--input=" + text, "--output=" + dir.resolve("o@1.txt"),
        "--codec=zstd").expectOneLineError(2, "pprecordio convert",
        "apply to pp_recordio output only");
  }

  /** Bytes with no frame at all are not a damaged pp_recordio file: status 1, as cat says. */
  @Test
  void anInputWithNoValidFrameIsStatus1WithTheMessageCatGives() throws Exception {
    Path notPP = Files.writeString(dir.resolve("passwd"),
        "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n");
    long size = Files.size(notPP);
    String message = notPP + " is not a pp_recordio file (no valid frame in its " + size
        + " bytes)";
    CliRun.run("cat", notPP.toString()).expectOneLineError(1, "pprecordio cat", message);
    CliRun.Result r = CliRun.run("convert", "--input=" + notPP, "--inputFormat=pp_recordio",
        "--output=" + dir.resolve("o4@1.txt"));
    r.expectOneLineError(1, "pprecordio convert", message);
    assertEveryListedShardExists(r);
  }

  /** Shards that get no record are written as empty files and listed with 0, as Beam does. */
  @Test
  void emptyShardsAreWrittenAndEveryListedShardExists() throws Exception {
    Path empty = Files.write(dir.resolve("empty.pp_recordio"), new byte[0]);
    for (String suffix : List.of(".txt", ".tfrecord", ".pp_recordio", ".seq", ".avro",
        ".parquet")) {
      CliRun.Result r = CliRun.run("convert", "--input=" + empty,
          "--output=" + dir.resolve("e" + suffix.substring(1) + "@3" + suffix)).expect(0);
      assertTrue(r.stdout().contains("records out:             0\n"), r.stdout());
      List<Path> shards = assertEveryListedShardExists(r);
      assertEquals(3, shards.size(), r.stdout());
      for (Path shard : shards) {
        assertTrue(r.stdout().contains("  " + shard.getFileName() + "  0\n"), r.stdout());
      }
    }
    Path two = dir.resolve("two.pp_recordio");
    TestFiles.write(two, TestFiles.lines("r", 2));
    CliRun.Result r = CliRun.run("convert", "--input=" + two,
        "--output=" + dir.resolve("few@5.txt")).expect(0);
    assertEquals(5, assertEveryListedShardExists(r).size(), r.stdout());
  }

  /** The shard files the summary lists, each checked to exist. */
  private List<Path> assertEveryListedShardExists(CliRun.Result r) {
    List<Path> shards = new java.util.ArrayList<>();
    List<String> lines = r.lines();
    int at = lines.indexOf("records per output shard:");
    assertTrue(at >= 0, r.stdout());
    String output = lines.stream().filter(l -> l.startsWith("output:")).findFirst().orElseThrow()
        .substring("output:".length()).strip();
    Path directory = java.nio.file.Paths.get(output).getParent();
    for (String line : lines.subList(at + 1, lines.size())) {
      Path shard = directory.resolve(line.strip().split("\\s+")[0]);
      assertTrue(Files.isRegularFile(shard), shard + " is listed but was not written:\n"
          + r.stdout());
      shards.add(shard);
    }
    return shards;
  }

  @Test
  void aCorruptFrameUnderTheFailPolicyIsStatus1NamingFileAndOffset() throws Exception {
    Path in = dir.resolve("in.pp_recordio");
    List<Long> offsets = TestFiles.write(in, TestFiles.lines("record ", 20));
    TestFiles.flip(in, offsets.get(3) + 42);
    CliRun.run("convert", "--input=" + in, "--output=" + dir.resolve("o@1"),
        "--corruptionPolicy=fail").expectOneLineError(1, "pprecordio convert",
        in + " at offset " + offsets.get(3));
  }

  @Test
  void aDamagedTfRecordInputFailsThePipelineWithStatus1() throws Exception {
    Path in = dir.resolve("in.pp_recordio");
    TestFiles.write(in, TestFiles.lines("record ", 50));
    CliRun.run("convert", "--input=" + in, "--output=" + dir.resolve("tf@1.tfrecord"))
        .expect(0);
    Path tf = dir.resolve("tf-00000-of-00001.tfrecord");
    byte[] bytes = Files.readAllBytes(tf);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(tf, bytes);
    CliRun.Result r = CliRun.run("convert", "--input=" + tf, "--output=" + dir.resolve("x@1"));
    r.expectOneLineError(1, "pprecordio convert", "the pipeline failed: ");
    assertTrue(r.stderr().toLowerCase(java.util.Locale.ROOT).contains("checksum")
        || r.stderr().toLowerCase(java.util.Locale.ROOT).contains("mismatch"), r.stderr());
    assertEquals("", new String(r.stdoutBytes(), StandardCharsets.UTF_8));
  }
}
