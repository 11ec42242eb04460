package io.pprecordio.examples.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.CorruptionListener;
import io.pprecordio.PPRecordReader;
import io.pprecordio.ReaderOptions;
import io.pprecordio.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RecordGrep} on the real LocalJobRunner in this JVM: pp_recordio in, pp_recordio out,
 * the output checked record by record against the input, the summary against the counters and
 * the damage put into the input.
 */
class RecordGrepTest {
  @TempDir
  static Path tmp;
  private static Path input;
  /** Every record of the clean input files. */
  private static List<byte[]> records;

  @TempDir
  Path dir;

  @BeforeAll
  static void writeInput() throws IOException {
    input = Files.createDirectory(tmp.resolve("in"));
    records = new ArrayList<>();
    TestData.Written big = TestData.mixed(new Random(51), 500, true);
    TestData.Written small = TestData.mixed(new Random(52), 120, false);
    Files.write(input.resolve("big.pp_recordio"), big.bytes());
    Files.write(input.resolve("small.pp_recordio"), small.bytes());
    records.addAll(big.records());
    records.addAll(small.records());
  }

  /** A local job configuration that keeps jobs to a second or two. */
  private Configuration conf() {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("hadoop.tmp.dir", tmp.resolve("hadoop-tmp").toString());
    conf.setInt("mapreduce.task.io.sort.mb", 4);
    conf.setInt("mapreduce.local.map.tasks.maximum", 2);
    // Several splits per file, so that records are found across split boundaries.
    conf.setLong("mapreduce.input.fileinputformat.split.maxsize", 256 << 10);
    return conf;
  }

  record Run(int status, String out, String err, RecordGrep tool) {
    GrepSummary summary() {
      assertEquals(0, status, () -> "status " + status + "\nstdout: " + out + "\nstderr: " + err);
      assertNotNull(tool.summary());
      return tool.summary();
    }
  }

  private Run grep(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    RecordGrep tool = new RecordGrep(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), "RecordGrep", "RecordGrep", null);
    int status = ToolRunner.run(conf(), tool, args);
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertFalse(stderr.contains("\tat "), stderr);
    return new Run(status, out.toString(StandardCharsets.UTF_8), stderr, tool);
  }

  /** The records of every part file in {@code output}, which must hold exactly those files. */
  private static List<String> readOutput(Path output, List<String> expectedFiles)
      throws IOException {
    List<String> names;
    try (Stream<Path> files = Files.list(output)) {
      names = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-"))
          .sorted().toList();
    }
    assertEquals(expectedFiles, names);
    assertTrue(Files.exists(output.resolve("_SUCCESS")));
    List<String> read = new ArrayList<>();
    for (String name : names) {
      try (PPRecordReader r = PPRecordReader.open(output.resolve(name), ReaderOptions.defaults(),
          region -> {
            throw new AssertionError("corrupt output " + name + ": " + region);
          })) {
        while (r.advance()) {
          read.add(hex(r.record()));
        }
      }
    }
    return sorted(read);
  }

  private static List<String> expected(Predicate<byte[]> selected) {
    return sorted(records.stream().filter(selected).map(RecordGrepTest::hex).toList());
  }

  private static List<String> sorted(List<String> list) {
    List<String> copy = new ArrayList<>(list);
    copy.sort(null);
    return copy;
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static boolean containsText(byte[] record, String text) {
    return new String(record, StandardCharsets.UTF_8).contains(text);
  }

  @Test
  void keepsExactlyTheMatchingRecordsOnce() throws Exception {
    Path out = dir.resolve("out");
    Run run = grep("c{2}d{2}a", input.toString(), out.toString());
    GrepSummary s = run.summary();

    List<String> expected = expected(r -> containsText(r, "ccdda"));
    assertTrue(expected.size() > 10 && expected.size() < records.size() / 2,
        "the pattern should select some records, not all: " + expected.size());
    assertEquals(expected, readOutput(out, List.of("part-r-00000.pp_recordio")));
    assertEquals(records.size(), s.recordsIn());
    assertEquals(expected.size(), s.recordsMatched());
    assertEquals(expected.size(), s.recordsOut());
    assertEquals(0, s.corruptRegions());
    assertEquals(0, s.tornTails());
    assertEquals(run.out(), s.render());
    assertTrue(run.out().contains("records matched:         " + expected.size() + "\n"),
        run.out());
    assertTrue(run.out().startsWith("RecordGrep 'c{2}d{2}a' on LocalJobRunner in "), run.out());
    assertEquals(Files.size(out.resolve("part-r-00000.pp_recordio")),
        s.outputFiles().get("part-r-00000.pp_recordio"));
  }

  @Test
  void fixedStringsMatchRawBytesAndInvertKeepsTheRest() throws Exception {
    byte[] needle = {(byte) 0xff, 'a'};
    Path out = dir.resolve("out");
    // Latin-1 maps bytes to chars one to one: an oracle for a byte search.
    String latin = new String(needle, StandardCharsets.ISO_8859_1);
    Predicate<byte[]> has = r -> new String(r, StandardCharsets.ISO_8859_1).contains(latin);

    // 0xff is not UTF-8: passed as a Latin-1 string, the needle would not be these bytes, so
    // the test searches for the UTF-8 encoding of "ÿa" (c3 bf 61) as the tool does.
    String pattern = "\u00ffa";
    byte[] utf8 = pattern.getBytes(StandardCharsets.UTF_8);
    String utf8Latin = new String(utf8, StandardCharsets.ISO_8859_1);
    Predicate<byte[]> hasUtf8 = r -> new String(r, StandardCharsets.ISO_8859_1)
        .contains(utf8Latin);
    assertFalse(latin.equals(utf8Latin));

    Run run = grep("-D", "mapreduce.job.reduces=0", "-v", "-F", pattern, input.toString(),
        out.toString());
    GrepSummary s = run.summary();
    List<String> expected = expected(hasUtf8.negate());
    assertEquals(records.size(), s.recordsIn());
    assertEquals(expected.size(), s.recordsOut());
    assertEquals(expected.size(), s.recordsMatched());
    // Map-only: one file per split, named part-m-*.
    List<String> files = new ArrayList<>(s.outputFiles().keySet());
    assertTrue(files.size() > 2, files.toString());
    assertTrue(files.stream().allMatch(f -> f.startsWith("part-m-")), files.toString());
    assertEquals(expected, readOutput(out, files));
    assertTrue(records.stream().anyMatch(has.or(hasUtf8).negate()));
  }

  @Test
  void reshardsIntoNFilesWithTheOutputSettings() throws Exception {
    Path out = dir.resolve("out");
    Run run = grep("-D", "mapreduce.job.reduces=3", "-D", "pprecordio.output.codec=zstd",
        "", input.toString() + "/*.pp_recordio", out.toString());
    GrepSummary s = run.summary();
    List<String> parts = List.of("part-r-00000.pp_recordio", "part-r-00001.pp_recordio",
        "part-r-00002.pp_recordio");
    assertEquals(expected(r -> true), readOutput(out, parts));
    assertEquals(records.size(), s.recordsOut());
    for (String part : parts) {
      long n = countRecords(out.resolve(part));
      assertTrue(n > records.size() / 6, part + " holds " + n + " records: not an even spread");
      // Every frame carries the zstd flag: flags, a big-endian u32 at byte 20, are 2.
      java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(Files.readAllBytes(out.resolve(part)));
      for (long offset : frameOffsets(out.resolve(part))) {
        assertEquals(2, bytes.getInt((int) offset + 20), part + " frame at " + offset);
      }
    }
  }

  @Test
  void shardSpecsAreInputs() throws Exception {
    Path sharded = Files.createDirectory(dir.resolve("sharded"));
    for (int i = 0; i < 2; i++) {
      Files.copy(input.resolve(i == 0 ? "big.pp_recordio" : "small.pp_recordio"),
          sharded.resolve(String.format("data-%05d-of-00002.pp_recordio", i)));
    }
    Run run = grep("", sharded + "/data@2.pp_recordio", dir.resolve("out").toString());
    assertEquals(records.size(), run.summary().recordsOut());
  }

  @Test
  void corruptionInTheInputIsCountedExactly() throws Exception {
    TestData.Written w = TestData.mixed(new Random(53), 200, false);
    List<Long> offsets = w.offsets();
    byte[] bytes = w.bytes().clone();
    // Damage the payload of two frames with at least 8 stored bytes, far apart.
    List<Integer> damaged = new ArrayList<>();
    for (int i = 10; i < offsets.size() - 2 && damaged.size() < 2; i++) {
      long stored = offsets.get(i + 1) - offsets.get(i) - 40;
      if (stored >= 8 && (damaged.isEmpty() || i > damaged.get(0) + 50)) {
        damaged.add(i);
        bytes[(int) (offsets.get(i) + 40 + 3)] ^= 0x5a;
      }
    }
    assertEquals(2, damaged.size());
    long skipped = 0;
    for (int i : damaged) {
      skipped += offsets.get(i + 1) - offsets.get(i);
    }
    // And cut the last frame short: a torn tail.
    int last = offsets.size() - 1;
    long lastFrame = bytes.length - offsets.get(last);
    int cut = 7;
    Path in = Files.createDirectory(dir.resolve("damaged"));
    Files.write(in.resolve("damaged.pp_recordio"), Arrays.copyOf(bytes, bytes.length - cut));

    Path out = dir.resolve("out");
    Run run = grep("", in.toString(), out.toString());
    GrepSummary s = run.summary();
    long intact = w.records().size() - damaged.size() - 1;
    assertEquals(intact, s.recordsIn());
    assertEquals(intact, s.recordsOut());
    assertEquals(2, s.corruptRegions());
    assertEquals(skipped, s.skippedBytes());
    assertEquals(1, s.tornTails());
    assertEquals(lastFrame - cut, s.tornTailBytes());
    assertTrue(run.out().contains("corrupt regions skipped: 2\n"), run.out());
    assertTrue(run.out().contains("bytes skipped:           " + skipped + "\n"), run.out());
    assertTrue(run.out().contains("torn tails:              1 (" + (lastFrame - cut)
        + " bytes)\n"), run.out());

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < last; i++) {
      if (!damaged.contains(i)) {
        expected.add(hex(w.records().get(i)));
      }
    }
    assertEquals(sorted(expected), readOutput(out, List.of("part-r-00000.pp_recordio")));

    // With corruption.policy=fail, the job fails with one line naming the file and offset.
    Run failed = grep("-D", "pprecordio.corruption.policy=fail", "", in.toString(),
        dir.resolve("out-fail").toString());
    assertEquals(RecordGrep.JOB_FAILED, failed.status(), failed.err());
    assertEquals(1, failed.err().strip().split("\n").length, failed.err());
    assertTrue(failed.err().startsWith("RecordGrep: the job job_local"), failed.err());
    assertTrue(failed.err().contains("damaged.pp_recordio"), failed.err());
    assertTrue(failed.err().contains(Long.toString(offsets.get(damaged.get(0)))), failed.err());
  }

  @Test
  void usageErrorsAreOneLineThenTheUsageWithStatus2() throws Exception {
    String[][] mistakes = {
      {},
      {"pattern"},
      {"pattern", input.toString()},
      {"-x", "pattern", input.toString(), "out"},
      {"-e"},
      {"(unclosed", input.toString(), dir.resolve("o1").toString()},
      {"-D", "pprecordio.output.codec=lz4", "p", input.toString(), dir.resolve("o2").toString()},
      {"-D", "pprecordio.output.format.version=v1", "-D", "pprecordio.output.codec=zstd", "p",
          input.toString(), dir.resolve("o3").toString()},
      {"-D", "pprecordio.corruption.policy=maybe", "p", input.toString(),
          dir.resolve("o4").toString()},
      {"-D", "mapreduce.job.reduces=-2", "p", input.toString(), dir.resolve("o5").toString()},
    };
    String usage = new RecordGrep().usage();
    for (String[] args : mistakes) {
      Run run = grep(args);
      String what = String.join(" ", args) + " ->\n" + run.err();
      assertEquals(RecordGrep.USAGE_OR_IO, run.status(), what);
      assertEquals("", run.out(), what);
      String[] lines = run.err().split("\n", 2);
      assertTrue(lines[0].startsWith("RecordGrep: "), what);
      assertEquals(usage.replace("hadoop jar pprecordio-mapreduce.jar", "RecordGrep") + "\n",
          lines[1], what);
    }
    Run bad = grep("(unclosed", input.toString(), dir.resolve("o1").toString());
    assertTrue(bad.err().startsWith("RecordGrep: bad regular expression '(unclosed': "),
        bad.err());
    Run codec = grep("-D", "pprecordio.output.codec=lz4", "p", input.toString(),
        dir.resolve("o2").toString());
    assertTrue(codec.err().contains("pprecordio.output.codec"), codec.err());
    assertFalse(Files.exists(dir.resolve("o1")));
  }

  @Test
  void missingInputsAndExistingOutputsAreOneLineErrors() throws Exception {
    Run missing = grep("p", dir.resolve("nothing-here").toString(), dir.resolve("o").toString());
    assertEquals(RecordGrep.USAGE_OR_IO, missing.status());
    assertEquals(1, missing.err().split("\n").length, missing.err());
    assertTrue(missing.err().startsWith("RecordGrep: ") && missing.err().contains("nothing-here")
        && missing.err().contains("does not exist"), missing.err());

    Run shard = grep("p", dir.resolve("gone@2").toString(), dir.resolve("o").toString());
    assertEquals(RecordGrep.USAGE_OR_IO, shard.status());
    assertTrue(shard.err().contains("gone-00000-of-00002"), shard.err());

    Files.createDirectory(dir.resolve("exists"));
    Run exists = grep("p", input.toString(), dir.resolve("exists").toString());
    assertEquals(RecordGrep.USAGE_OR_IO, exists.status());
    assertEquals(1, exists.err().split("\n").length, exists.err());
    assertTrue(exists.err().contains("already exists"), exists.err());
  }

  @Test
  void helpGoesToStandardOutput() throws Exception {
    Run help = grep("--help");
    assertEquals(0, help.status());
    assertTrue(help.out().startsWith("Usage: RecordGrep [GENERIC_OPTIONS]"), help.out());
    assertEquals("", help.err());
  }

  private static List<Long> frameOffsets(Path file) throws IOException {
    List<Long> offsets = new ArrayList<>();
    try (PPRecordReader r = PPRecordReader.open(file)) {
      while (r.advance()) {
        offsets.add(r.offset());
      }
    }
    return offsets;
  }

  private static long countRecords(Path file) throws IOException {
    long n = 0;
    try (PPRecordReader r = PPRecordReader.open(file, ReaderOptions.defaults(),
        CorruptionListener.NONE)) {
      while (r.advance()) {
        n++;
      }
    }
    return n;
  }
}
