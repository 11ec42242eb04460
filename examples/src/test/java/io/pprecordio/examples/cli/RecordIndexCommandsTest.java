package io.pprecordio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.PPRecordIndex;
import io.pprecordio.PPRecordWriter;
import io.pprecordio.TestData;
import io.pprecordio.WriterOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code index}, {@code get}, {@code cat --records} and {@code count} with a record index. */
class RecordIndexCommandsTest {
  @TempDir
  Path dir;

  /**
   * A file of every framing (v1, v2, gzip, zstd, empty records) with a corrupt region in the
   * middle and a torn tail, and what a whole read of it prints.
   */
  private Path damagedMixed(Random rnd) throws Exception {
    TestData.Written w = TestData.mixed(rnd, 90, false);
    Path f = dir.resolve("mixed.pp");
    Files.write(f, w.bytes());
    TestFiles.flip(f, w.offsets().get(31) + 20); // a header byte: the frame is a corrupt region
    TestFiles.flip(f, w.offsets().get(57) + 45); // a payload byte, or the next frame's header
    TestFiles.truncate(f, 1);
    return f;
  }

  private static List<String> catAll(Path f) {
    return CliRun.run("cat", "-q", "-o", "-f", "hex", f.toString()).expect(0).lines();
  }

  @Test
  void getReturnsTheNthRecordOfAWholeReadForEveryNOfADamagedFile() throws Exception {
    Random rnd = new Random(5);
    Path f = damagedMixed(rnd);
    List<String> all = catAll(f);
    assertTrue(all.size() > 80 && all.size() < 90, "records left: " + all.size());

    CliRun.Result indexed = CliRun.run("index", f.toString()).expect(0);
    assertTrue(Files.exists(dir.resolve("mixed.pp.ppidx")));
    assertTrue(indexed.stdout().startsWith(f + ": " + all.size() + " records -> mixed.pp.ppidx;"
        + " damaged: "), indexed.stdout());
    assertTrue(indexed.stdout().endsWith("; torn tail: the last frame is incomplete\n"),
        indexed.stdout());

    // Every n, one command each and all in one batch, in a shuffled order with repeats.
    for (int n = 0; n < all.size(); n++) {
      assertEquals(List.of(all.get(n)), CliRun.run("get", "-o", "-f", "hex", f.toString(),
          Integer.toString(n)).expect(0).lines(), "record " + n);
    }
    List<String> args = new ArrayList<>(List.of("get", "--offsets", "--format", "hex",
        f.toString()));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 3 * all.size(); i++) {
      int n = rnd.nextInt(all.size());
      args.add(Integer.toString(n));
      expected.add(all.get(n));
    }
    CliRun.Result batch = CliRun.run(args.toArray(new String[0])).expect(0);
    assertEquals(expected, batch.lines());
    assertEquals("", batch.stderr());

    // The other formats print what cat prints.
    String n7 = all.get(7).split("\t", -1)[1];
    assertEquals(List.of(java.util.Base64.getEncoder().encodeToString(
        java.util.HexFormat.of().parseHex(n7))),
        CliRun.run("get", "-f", "base64", f.toString(), "7").expect(0).lines());
    assertArrayEquals(java.util.HexFormat.of().parseHex(n7),
        CliRun.run("get", "-f", "raw", f.toString(), "7").expect(0).stdoutBytes());
  }

  @Test
  void getWithoutAnIndexSaysHowToBuildOne() throws Exception {
    Path f = dir.resolve("a.pp");
    TestFiles.write(f, TestFiles.lines("r", 10));
    CliRun.run("get", f.toString(), "3").expectOneLineError(2, "pprecordio get",
        f + ": no record index (a.pp.ppidx); run 'pprecordio index " + f + "' first, or pass"
            + " --build-index");
    assertFalse(Files.exists(dir.resolve("a.pp.ppidx")));

    CliRun.Result built = CliRun.run("get", "--build-index", f.toString(), "3", "0").expect(0);
    assertEquals(List.of("r3", "r0"), built.lines());
    assertTrue(Files.exists(dir.resolve("a.pp.ppidx")));
    assertEquals(List.of("r9"), CliRun.run("get", f.toString(), "9").expect(0).lines());
  }

  @Test
  void getRefusesNumbersOutOfRangeNamingTheFileAndItsCount() throws Exception {
    Path f = dir.resolve("a.pp");
    TestFiles.write(f, TestFiles.lines("r", 10), WriterOptions.defaults().withIndex());
    CliRun.Result r = CliRun.run("get", f.toString(), "2", "10");
    r.expectOneLineError(2, "pprecordio get", "record 10 is out of range: " + f
        + " has 10 records (0 to 9)");
    assertEquals("", r.stdout(), "nothing printed before the check");
    CliRun.run("get", f.toString(), "-1").expectOneLineError(2, "pprecordio get",
        "record -1 is out of range");
    CliRun.run("get", f.toString(), "x").expectOneLineError(2, "pprecordio get", "'x'");
    CliRun.run("get", f.toString()).expectOneLineError(2, "pprecordio get",
        "Missing required parameter");
    CliRun.run("get", dir.resolve("missing.pp").toString(), "0")
        .expectOneLineError(2, "pprecordio get", "missing.pp: no such file");
    CliRun.run("get", "-", "0").expectOneLineError(2, "pprecordio get", "standard input");
    CliRun.run("get", "-o", "-f", "raw", f.toString(), "0")
        .expectOneLineError(2, "pprecordio get", "--offsets cannot be combined");

    Path empty = dir.resolve("empty.pp");
    Files.write(empty, new byte[0]);
    CliRun.run("get", "--build-index", empty.toString(), "0")
        .expectOneLineError(2, "pprecordio get", empty + " has 0 records");
  }

  @Test
  void getOfAFileChangedSinceIndexingIsAnErrorOrARebuildWithBuildIndex() throws Exception {
    Path f = dir.resolve("a.pp");
    TestFiles.write(f, TestFiles.lines("a", 10));
    CliRun.run("index", f.toString()).expect(0);
    // Record 3 rewritten in place with the same length: the last frame still matches, so the
    // index opens, but the read of record 3 must not return the new record as if indexed.
    List<byte[]> changed = TestFiles.lines("a", 10);
    changed.set(3, "b3".getBytes(StandardCharsets.UTF_8));
    TestFiles.write(f, changed);
    assertEquals(List.of("a2"), CliRun.run("get", f.toString(), "2").expect(0).lines());
    CliRun.run("get", f.toString(), "3").expectOneLineError(2, "pprecordio get",
        "changed since its record index a.pp.ppidx was written");

    // Rewritten whole: the index no longer opens.
    TestFiles.write(f, TestFiles.lines("other", 12));
    CliRun.run("get", f.toString(), "0").expectOneLineError(2, "pprecordio get",
        "changed since its record index a.pp.ppidx was written");
    assertEquals("other11\n",
        CliRun.run("get", "--build-index", f.toString(), "11").expect(0).stdout());

    // A damaged index file is refused, naming it.
    byte[] idx = Files.readAllBytes(dir.resolve("a.pp.ppidx"));
    idx[idx.length / 2] ^= 1;
    Files.write(dir.resolve("a.pp.ppidx"), idx);
    CliRun.run("get", f.toString(), "0").expectOneLineError(2, "pprecordio get", "a.pp.ppidx");
  }

  @Test
  void indexReportsEachFileAndRefusesWhatIsNotPPRecordIO() throws Exception {
    Path a = dir.resolve("a.pp");
    Path b = dir.resolve("b.pp");
    TestFiles.write(a, TestFiles.lines("a", 25));
    List<Long> offsets = TestFiles.write(b, TestFiles.lines("b", 5));
    TestFiles.flip(b, offsets.get(1) + 40);
    Path csv = dir.resolve("t.csv");
    Files.writeString(csv, "a,b\n1,2\n");

    CliRun.Result r = CliRun.run("index", a.toString(), csv.toString(), b.toString());
    assertEquals(1, r.status());
    assertEquals(List.of(a + ": 25 records -> a.pp.ppidx",
        b + ": 4 records -> b.pp.ppidx; damaged: 1 corrupt region (42 bytes) skipped"), r.lines());
    assertEquals("pprecordio index: " + csv + " is not a pp_recordio file (no valid frame in its"
        + " 8 bytes)\n", r.stderr());
    assertFalse(Files.exists(dir.resolve("t.csv.ppidx")));
    try (PPRecordIndex index = PPRecordIndex.open(b)) {
      assertEquals(4, index.recordCount());
    }

    CliRun.run("index", dir.resolve("missing.pp").toString())
        .expectOneLineError(2, "pprecordio index", "missing.pp: no such file");
    CliRun.run("index", "-").expectOneLineError(2, "pprecordio index",
        "standard input cannot be indexed");
    CliRun.run("index").expectOneLineError(2, "pprecordio index", "Missing required parameter");
    Path fifo = dir.resolve("events.fifo");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
    CliRun.run("index", fifo.toString()).expectOneLineError(2, "pprecordio index",
        "events.fifo is not a regular file; only files can be indexed");
    Files.delete(fifo);
    // Globs and shard specs name files as elsewhere.
    assertEquals(2, CliRun.run("index", dir.resolve("*.pp").toString()).expect(0).lines().size());
  }

  @Test
  void catRecordsSlicesEqualTheFullCatWithAndWithoutAnIndex() throws Exception {
    Random rnd = new Random(9);
    Path f = damagedMixed(rnd);
    List<String> all = catAll(f);
    int n = all.size();
    List<String> slices = new ArrayList<>(List.of(":", "0:", ":0", "0:0", "5:5", "0:1",
        (n - 1) + ":", n + ":", (n + 3) + ":", "3:" + (n + 100), ":" + n, "7:" + (n - 7),
        "99999999999999999999:", "0:99999999999999999999", Long.MAX_VALUE + ":"));
    for (int i = 0; i < 12; i++) {
      int a = rnd.nextInt(n + 3);
      slices.add(a + ":" + (a + rnd.nextInt(n + 3)));
    }
    for (boolean withIndex : new boolean[] {false, true}) {
      if (withIndex) {
        CliRun.run("index", f.toString()).expect(0);
      }
      for (String slice : slices) {
        String[] ab = slice.split(":", -1);
        long a = ab[0].isEmpty() ? 0 : Math.min(n, new java.math.BigInteger(ab[0])
            .min(java.math.BigInteger.valueOf(n)).longValueExact());
        long b = ab[1].isEmpty() ? n : new java.math.BigInteger(ab[1])
            .min(java.math.BigInteger.valueOf(n)).longValueExact();
        List<String> got = CliRun.run("cat", "-q", "--records", slice, "-o", "-f", "hex",
            f.toString()).expect(0).lines();
        assertEquals(all.subList((int) a, (int) Math.max(a, b)), got,
            slice + (withIndex ? " with" : " without") + " an index");
      }
    }
    // Standard input has no index: it is read, counting records.
    assertEquals(all.subList(10, 20).stream().map(l -> l.split("\t", -1)[1]).toList(),
        CliRun.run(Files.readAllBytes(f), "cat", "-q", "--records", "10:20", "-f", "hex", "-")
            .expect(0).lines());
  }

  @Test
  void catRecordsWarnsOfTheCorruptionInsideTheSliceAndRefusesOtherSelections() throws Exception {
    Path f = dir.resolve("a.pp");
    List<Long> offsets = TestFiles.write(f, TestFiles.lines("rec", 10));
    TestFiles.flip(f, offsets.get(4) + 40);
    Path g = dir.resolve("b.pp");
    TestFiles.write(g, TestFiles.lines("b", 2));
    for (boolean withIndex : new boolean[] {false, true}) {
      if (withIndex) {
        CliRun.run("index", f.toString()).expect(0);
      }
      CliRun.Result r = CliRun.run("cat", "--records", "3:5", f.toString()).expect(0);
      assertEquals(List.of("rec3", "rec5"), r.lines());
      assertTrue(r.stderr().contains("skipped 1 corrupt region"), r.stderr());
      // Record numbers are those of a whole read: rec4 is lost, so record 4 is rec5. Without an
      // index the records before 5 are read to count them, and their damage with them; with
      // one, reading starts at record 5.
      r = CliRun.run("cat", "--records", "5:", f.toString()).expect(0);
      assertEquals(List.of("rec6", "rec7", "rec8", "rec9"), r.lines());
      assertEquals(!withIndex, r.stderr().contains("skipped 1 corrupt region"), r.stderr());
    }
    CliRun.run("cat", "--records", "1:2", "--range", "0:100", f.toString())
        .expectOneLineError(2, "pprecordio cat", "--range (bytes) and --records (record"
            + " numbers) cannot be combined");
    CliRun.run("cat", "--records", "0:1", f.toString(), g.toString())
        .expectOneLineError(2, "pprecordio cat", "--records reads one file");
    for (String bad : List.of("1-2", "-1:", "a:", "1:2:3", "")) {
      CliRun.run("cat", "--records", bad, f.toString())
          .expectOneLineError(2, "pprecordio cat", "--records must look like A:B");
    }
    CliRun.run("cat", "--records", "5:2", f.toString())
        .expectOneLineError(2, "pprecordio cat", "--records start 5 is after its end 2");

    Path csv = dir.resolve("t.csv");
    Files.writeString(csv, "a,b\n1,2\n");
    PPRecordIndex.build(csv).close(); // core indexes it: no records
    CliRun.run("cat", "--records", "0:3", csv.toString())
        .expectOneLineError(1, "pprecordio cat", "t.csv is not a pp_recordio file");
  }

  @Test
  void countUsesACurrentIndexAndReadsTheFileOtherwise() throws Exception {
    Path f = dir.resolve("a.pp");
    TestFiles.write(f, TestFiles.lines("a", 25));
    Path g = dir.resolve("b.pp");
    TestFiles.write(g, TestFiles.lines("b", 5));

    CliRun.Result r = CliRun.run("count", "--verbose", f.toString(), g.toString()).expect(0);
    assertEquals("30\n", r.stdout());
    assertEquals("pprecordio count: " + f + ": 25 records, by reading the file\n"
        + "pprecordio count: " + g + ": 5 records, by reading the file\n", r.stderr());

    CliRun.run("index", f.toString()).expect(0);
    r = CliRun.run("count", f.toString(), g.toString()).expect(0);
    assertEquals("30\n", r.stdout(), "the default output is unchanged");
    assertEquals("", r.stderr());
    r = CliRun.run("count", "-v", f.toString(), g.toString()).expect(0);
    assertEquals("30\n", r.stdout());
    assertEquals("pprecordio count: " + f + ": 25 records, from its record index a.pp.ppidx\n"
        + "pprecordio count: " + g + ": 5 records, by reading the file\n", r.stderr());

    // Appended to: the index is extended over the new records only, and still used.
    try (PPRecordWriter w = PPRecordWriter.append(f, WriterOptions.defaults())) {
      for (int i = 25; i < 32; i++) {
        w.write(("a" + i).getBytes(StandardCharsets.UTF_8));
      }
    }
    r = CliRun.run("count", "-v", f.toString()).expect(0);
    assertEquals("32\n", r.stdout());
    assertEquals("pprecordio count: " + f + ": 32 records, from its record index a.pp.ppidx\n",
        r.stderr());
    try (PPRecordIndex index = PPRecordIndex.open(f)) {
      assertEquals(32, index.recordCount());
      assertEquals(Files.size(f), index.dataLength(), "the extended index was saved");
    }

    // Changed otherwise: the file is read, with a warning that the index was not used.
    TestFiles.write(f, TestFiles.lines("changed", 40));
    r = CliRun.run("count", f.toString()).expect(0);
    assertEquals("40\n", r.stdout());
    String warning = "pprecordio count: warning: " + f + ": record index not used, reading the"
        + " file instead (" + f + " changed since its record index a.pp.ppidx was written: ";
    assertTrue(r.stderr().startsWith(warning), r.stderr());
    assertTrue(r.stderr().endsWith("; 'pprecordio index " + f + "' rebuilds it\n"), r.stderr());
    assertEquals(1, r.stderr().split("\n").length, r.stderr());
    assertEquals("", CliRun.run("count", "-q", f.toString()).expect(0).stderr());
    CliRun.run("index", f.toString()).expect(0);
    assertEquals("40\n", CliRun.run("count", f.toString()).expect(0).stdout());
  }

  @Test
  void countFromAnIndexReportsTheDamageAReadWould() throws Exception {
    Path f = dir.resolve("a.pp");
    List<Long> offsets = TestFiles.write(f, TestFiles.lines("r", 10));
    TestFiles.flip(f, offsets.get(2) + 40);
    TestFiles.flip(f, offsets.get(6) + 40);
    CliRun.Result read = CliRun.run("count", f.toString()).expect(0);
    CliRun.run("index", f.toString()).expect(0);
    CliRun.Result indexed = CliRun.run("count", "-v", f.toString()).expect(0);
    assertEquals("8\n", indexed.stdout());
    assertEquals(read.stdout(), indexed.stdout());
    assertEquals(read.stderr() + "pprecordio count: " + f
        + ": 8 records, from its record index a.pp.ppidx\n", indexed.stderr());

    // Over the corruption budget: read, so that the error is the one a read gives.
    CliRun.run("count", "--max-corrupt-regions", "1", f.toString())
        .expectOneLineError(1, "pprecordio count", "raise --max-corrupt-regions");
    assertEquals("8\n", CliRun.run("count", "-q", "--max-corrupt-regions", "2", f.toString())
        .expect(0).stdout());

    // An index of a file that is not pp_recordio does not hide that it is not.
    Path csv = dir.resolve("t.csv");
    Files.writeString(csv, "a,b\n1,2\n");
    PPRecordIndex.build(csv).close();
    CliRun.Result r = CliRun.run("count", csv.toString());
    assertEquals(1, r.status());
    assertTrue(r.stderr().contains("t.csv is not a pp_recordio file"), r.stderr());
  }

  @Test
  void writeAndRecoverWithIndexLeaveACurrentIndexNextToEachFile() throws Exception {
    byte[] lines = "a\nb\nc\nd\n".getBytes(StandardCharsets.UTF_8);
    Path f = dir.resolve("w.pp");
    CliRun.run(lines, "write", "--index", "--codec", "zstd", f.toString()).expect(0);
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("w.pp", "w.pp.ppidx"),
          files.map(p -> p.getFileName().toString()).sorted().toList(),
          "the temporary file's index was moved with it");
    }
    assertEquals(List.of("c", "a"), CliRun.run("get", f.toString(), "2", "0").expect(0).lines());
    assertEquals("pprecordio count: " + f + ": 4 records, from its record index w.pp.ppidx\n",
        CliRun.run("count", "-v", f.toString()).expect(0).stderr());

    // Writing the file again replaces its index with the new one.
    CliRun.run("x\ny\n".getBytes(StandardCharsets.UTF_8), "write", "--index", f.toString())
        .expect(0);
    assertEquals(List.of("y"), CliRun.run("get", f.toString(), "1").expect(0).lines());

    CliRun.run(lines, "write", "--index", dir.resolve("s@2").toString()).expect(0);
    for (String shard : List.of("s-00000-of-00002", "s-00001-of-00002")) {
      try (PPRecordIndex index = PPRecordIndex.open(dir.resolve(shard))) {
        assertEquals(2, index.recordCount(), shard);
      }
    }
    CliRun.run(lines, "write", "--index", "-")
        .expectOneLineError(2, "pprecordio write", "--index needs a file");

    Path damaged = dir.resolve("d.pp");
    List<Long> offsets = TestFiles.write(damaged, TestFiles.lines("r", 6));
    TestFiles.flip(damaged, offsets.get(1) + 40);
    Path repaired = dir.resolve("r.pp");
    CliRun.run("recover", "--index", damaged.toString(), repaired.toString()).expect(0);
    assertEquals(List.of("r2", "r5"), CliRun.run("get", repaired.toString(), "1", "4").expect(0)
        .lines());
  }
}
