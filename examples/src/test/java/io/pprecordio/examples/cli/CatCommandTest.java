package io.pprecordio.examples.cli;

import static io.pprecordio.examples.cli.TestFiles.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.Codec;
import io.pprecordio.PPRecordReader;
import io.pprecordio.TestData;
import io.pprecordio.WriterOptions;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatCommandTest {
  @TempDir
  Path dir;

  @Test
  void printsEveryRecordAsTextLines() throws Exception {
    Path f = dir.resolve("a.pp");
    TestFiles.write(f, TestFiles.lines("line ", 5));
    CliRun.Result r = CliRun.run("cat", f.toString()).expect(0);
    assertEquals(List.of("line 0", "line 1", "line 2", "line 3", "line 4"), r.lines());
    assertEquals("", r.stderr());
  }

  @Test
  void hexBase64AndRawMatchTheRecordBytesOfEveryCodecAndVersion() throws Exception {
    TestData.Written mixed = TestData.mixed(new Random(7), 40, false);
    Path f = dir.resolve("mixed.pp");
    Files.write(f, mixed.bytes());

    List<String> hex = CliRun.run("cat", "--format", "hex", f.toString()).expect(0).lines();
    List<String> b64 = CliRun.run("cat", "-f", "BASE64", f.toString()).expect(0).lines();
    byte[] raw = CliRun.run("cat", "--format=raw", f.toString()).expect(0).stdoutBytes();

    assertEquals(mixed.records().size(), hex.size());
    assertEquals(mixed.records().size(), b64.size());
    ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
    for (int i = 0; i < mixed.records().size(); i++) {
      byte[] rec = mixed.records().get(i);
      assertEquals(HexFormat.of().formatHex(rec), hex.get(i), "hex of record " + i);
      assertEquals(Base64.getEncoder().encodeToString(rec), b64.get(i), "base64 of record " + i);
      concatenated.write(rec);
    }
    assertArrayEquals(concatenated.toByteArray(), raw);
  }

  @Test
  void largeRecordsAreEncodedInChunksWithoutChangingTheEncoding() throws Exception {
    byte[] big = TestData.randomBytes(new Random(3), (1 << 20) + 7); // not a multiple of 3
    Path f = dir.resolve("big.pp");
    TestFiles.write(f, List.of(big, new byte[] {1, 2}), WriterOptions.defaults()
        .withCodec(Codec.ZSTD));
    List<String> b64 = CliRun.run("cat", "-f", "base64", f.toString()).expect(0).lines();
    assertEquals(Base64.getEncoder().encodeToString(big), b64.get(0));
    assertEquals("AQI=", b64.get(1));
    List<String> hex = CliRun.run("cat", "-f", "hex", f.toString()).expect(0).lines();
    assertEquals(HexFormat.of().formatHex(big), hex.get(0));
  }

  @Test
  void offsetsAreTheFrameOffsetsThatSeekAccepts() throws Exception {
    Path f = dir.resolve("a.pp");
    List<byte[]> records = TestFiles.lines("r", 4);
    List<Long> offsets = TestFiles.write(f, records);
    List<String> lines = CliRun.run("cat", "--offsets", f.toString()).expect(0).lines();
    for (int i = 0; i < records.size(); i++) {
      assertEquals(offsets.get(i) + "\tr" + i, lines.get(i));
      String[] parts = lines.get(i).split("\t");
      assertArrayEquals(records.get(i), PPRecordReader.readRecordAt(f, Long.parseLong(parts[0])));
    }
  }

  @Test
  void severalFilesGlobsAndShardSpecsAreReadInOrder() throws Exception {
    Path a = dir.resolve("part-a.pp");
    Path b = dir.resolve("part-b.pp");
    TestFiles.write(a, TestFiles.lines("a", 2));
    TestFiles.write(b, TestFiles.lines("b", 2));
    assertEquals(List.of("a0", "a1", "b0", "b1"),
        CliRun.run("cat", b.toString().replace("part-b", "part-?"), "--quiet").expect(0).lines());
    assertEquals(List.of("b0", "b1", "a0", "a1"),
        CliRun.run("cat", b.toString(), a.toString()).expect(0).lines());

    List<String> named = CliRun.run("cat", "-o", a.toString(), b.toString()).expect(0).lines();
    assertEquals(a + ":0\ta0", named.get(0));
    assertTrue(named.get(2).startsWith(b + ":0\tb0"), named.get(2));

    for (int i = 0; i < 3; i++) {
      TestFiles.write(dir.resolve(String.format("shard-%05d-of-00003", i)),
          TestFiles.lines("s" + i + "_", 2));
    }
    assertEquals(List.of("s0_0", "s0_1", "s1_0", "s1_1", "s2_0", "s2_1"),
        CliRun.run("cat", dir.resolve("shard@3").toString()).expect(0).lines());

    Files.delete(dir.resolve("shard-00001-of-00003"));
    CliRun.run("cat", dir.resolve("shard@3").toString())
        .expectOneLineError(2, "pprecordio cat", "shard-00001-of-00003: missing shard of");
  }

  @Test
  void readsStandardInputNamedDash() throws Exception {
    Path f = dir.resolve("a.pp");
    TestFiles.write(f, TestFiles.lines("in", 3), WriterOptions.defaults().withCodec(Codec.GZIP));
    CliRun.Result r = CliRun.run(Files.readAllBytes(f), "cat", "-").expect(0);
    assertEquals(List.of("in0", "in1", "in2"), r.lines());
  }

  @Test
  void rangesOfAnyPartitionPrintEveryRecordExactlyOnce() throws Exception {
    Random rnd = new Random(11);
    TestData.Written mixed = TestData.mixed(rnd, 60, false);
    Path f = dir.resolve("mixed.pp");
    Files.write(f, mixed.bytes());
    int size = mixed.bytes().length;
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < mixed.records().size(); i++) {
      expected.add(mixed.offsets().get(i) + "\t" + HexFormat.of().formatHex(mixed.records().get(i)));
    }
    for (int trial = 0; trial < 12; trial++) {
      TreeSet<Integer> cuts = new TreeSet<>();
      int parts = 2 + rnd.nextInt(8);
      while (cuts.size() < parts - 1) {
        cuts.add(1 + rnd.nextInt(size - 1));
      }
      // Frame starts and the bytes around them are the interesting cuts.
      long boundary = mixed.offsets().get(1 + rnd.nextInt(mixed.offsets().size() - 1));
      cuts.add((int) boundary + rnd.nextInt(3) - 1);
      List<String> got = new ArrayList<>();
      int start = 0;
      for (int cut : cuts) {
        got.addAll(range(f, start + ":" + cut));
        start = cut;
      }
      got.addAll(range(f, start + ":"));
      assertEquals(expected, got, "cuts " + cuts);
    }
    assertEquals(expected, range(f, ":"));
    assertEquals(List.of(), range(f, size + ":"));
    // Far past the end: still simply empty, as any split beyond a file's end is.
    assertEquals(List.of(), range(f, "99999999999999:"));
    assertEquals(List.of(), range(f, Long.MAX_VALUE + ":"));
    assertEquals(List.of(), range(f, (size + 1) + ":" + Long.MAX_VALUE));
    assertEquals(List.of(), range(f, "99999999999999999999999:"));
    assertEquals(expected, range(f, "0:99999999999999999999999"));
  }

  private static List<String> range(Path f, String range) {
    return CliRun.run("cat", "--range", range, "-o", "-f", "hex", f.toString()).expect(0).lines();
  }

  @Test
  void skipsCorruptionAndSaysSoOnStandardError() throws Exception {
    Path f = dir.resolve("a.pp");
    List<Long> offsets = TestFiles.write(f, TestFiles.lines("rec", 5));
    TestFiles.flip(f, offsets.get(2) + 40);
    CliRun.Result r = CliRun.run("cat", f.toString()).expect(0);
    assertEquals(List.of("rec0", "rec1", "rec3", "rec4"), r.lines());
    assertTrue(r.stderr().startsWith("pprecordio cat: warning: " + f
        + ": skipped 1 corrupt region (44 bytes); run 'pprecordio verify"), r.stderr());
    assertEquals("", CliRun.run("cat", "-q", f.toString()).expect(0).stderr());
  }

  @Test
  void aFileThatIsNotPPRecordIOIsOneLineAndStatus1() throws Exception {
    Path f = dir.resolve("notes.txt");
    Files.writeString(f, "just some text\n");
    CliRun.run("cat", f.toString()).expectOneLineError(1, "pprecordio cat",
        "notes.txt is not a pp_recordio file (no valid frame in its 15 bytes)");
  }

  @Test
  void usageMistakesAreOneLineAndStatus2() throws Exception {
    Path f = dir.resolve("a.pp");
    TestFiles.write(f, TestFiles.lines("x", 2));
    Path g = dir.resolve("b.pp");
    TestFiles.write(g, TestFiles.lines("y", 2));
    CliRun.run("cat", dir.resolve("missing.pp").toString())
        .expectOneLineError(2, "pprecordio cat", "missing.pp: no such file");
    CliRun.run("cat", "--format", "yaml", f.toString())
        .expectOneLineError(2, "pprecordio cat", "'yaml' is not a format");
    for (String bad : List.of("10-20", "-1:5", "a:b", "1:2:3", "")) {
      CliRun.run("cat", "--range", bad, f.toString())
          .expectOneLineError(2, "pprecordio cat", "--range must look like START:END");
    }
    CliRun.run("cat", "--range", "20:10", f.toString())
        .expectOneLineError(2, "pprecordio cat", "after its end");
    CliRun.run("cat", "--range", "0:10", f.toString(), g.toString())
        .expectOneLineError(2, "pprecordio cat", "--range reads one file");
    CliRun.run("cat", "--offsets", "--format", "raw", f.toString())
        .expectOneLineError(2, "pprecordio cat", "--offsets cannot be combined");
    CliRun.run("cat", "--max-record-bytes", "lots", f.toString())
        .expectOneLineError(2, "pprecordio cat", "'lots' is not a size");
    CliRun.run("cat").expectOneLineError(2, "pprecordio cat", "Missing required parameter");
    CliRun.run("cat", dir.toString())
        .expectOneLineError(2, "pprecordio cat", "is a directory");
  }

  @Test
  void aRecordAboveTheLimitNamesTheOptionThatRaisesIt() throws Exception {
    Path f = dir.resolve("a.pp");
    TestFiles.write(f, List.of(new byte[5000]));
    CliRun.run("cat", "--max-record-bytes", "4k", f.toString())
        .expectOneLineError(2, "pprecordio cat", "raise it with --max-record-bytes");
    assertEquals(1, CliRun.run("cat", "--max-record-bytes", "8k", "-f", "hex", f.toString())
        .expect(0).lines().size());
  }

  @Test
  void headPrintsTheFirstRecordsAcrossFiles() throws Exception {
    Path a = dir.resolve("a.pp");
    Path b = dir.resolve("b.pp");
    TestFiles.write(a, TestFiles.lines("a", 3));
    TestFiles.write(b, TestFiles.lines("b", 30));
    assertEquals(List.of("a0", "a1", "a2", "b0", "b1"),
        CliRun.run("head", "-n", "5", a.toString(), b.toString()).expect(0).lines());
    assertEquals(10, CliRun.run("head", b.toString()).expect(0).lines().size());
    assertEquals(List.of(), CliRun.run("head", "-n", "0", a.toString()).expect(0).lines());
    assertEquals(List.of("0\t6130"),
        CliRun.run("head", "-n", "1", "-o", "-f", "hex", a.toString()).expect(0).lines());
    CliRun.run("head", "-n", "-1", a.toString())
        .expectOneLineError(2, "pprecordio head", "-n must be 0 or more");
    assertEquals("a0", utf8(CliRun.run("head", "-n", "1", "--format", "raw", a.toString())
        .expect(0).stdoutBytes()));
  }
}
