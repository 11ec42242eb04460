package io.pprecordio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.Codec;
import io.pprecordio.FormatVersion;
import io.pprecordio.TestData;
import io.pprecordio.WriterOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountStatCommandTest {
  @TempDir
  Path dir;

  @Test
  void countPrintsABareIntegerOfIntactRecords() throws Exception {
    Path a = dir.resolve("a.pp");
    Path b = dir.resolve("b.pp");
    List<Long> offsets = TestFiles.write(a, TestFiles.lines("a", 25));
    TestFiles.write(b, TestFiles.lines("b", 5));
    CliRun.Result r = CliRun.run("count", a.toString()).expect(0);
    assertEquals("25\n", r.stdout());
    assertEquals("", r.stderr());
    assertEquals("30\n", CliRun.run("count", a.toString(), b.toString()).expect(0).stdout());
    assertEquals("25\n", CliRun.run(Files.readAllBytes(a), "count", "-").expect(0).stdout());

    TestFiles.flip(a, offsets.get(7) + 40);
    r = CliRun.run("count", a.toString()).expect(0);
    assertEquals("24\n", r.stdout());
    assertTrue(r.stderr().contains("skipped 1 corrupt region"), r.stderr());
    assertEquals("", CliRun.run("count", "-q", a.toString()).expect(0).stderr());

    Path empty = dir.resolve("empty.pp");
    Files.write(empty, new byte[0]);
    assertEquals("0\n", CliRun.run("count", empty.toString()).expect(0).stdout());
  }

  @Test
  void countOfANonPPRecordIOFileIsStatus1() throws Exception {
    Path t = dir.resolve("t.csv");
    Files.writeString(t, "a,b\n1,2\n");
    CliRun.Result r = CliRun.run("count", t.toString());
    assertEquals(1, r.status());
    assertEquals("0\n", r.stdout());
    assertTrue(r.stderr().contains("t.csv is not a pp_recordio file"), r.stderr());
  }

  @Test
  void statSumsUpRecordsBytesAndSizes() throws Exception {
    TestData.Written w = TestData.mixed(new Random(2), 36, false);
    Path f = dir.resolve("mixed.pp");
    Files.write(f, w.bytes());
    long recordBytes = w.records().stream().mapToLong(r -> r.length).sum();
    long max = w.records().stream().mapToLong(r -> r.length).max().orElseThrow();
    long zeros = w.records().stream().filter(r -> r.length == 0).count();

    CliRun.Result text = CliRun.run("stat", f.toString()).expect(0);
    List<String> lines = text.lines();
    assertTrue(lines.contains("files:            1"), text.stdout());
    assertTrue(lines.contains("records:          36"), text.stdout());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("file bytes:       " + w.bytes().length
        + " ")), text.stdout());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("record bytes:     " + recordBytes
        + " ")), text.stdout());
    assertTrue(lines.contains("torn tail:        no"), text.stdout());
    assertTrue(lines.contains("record sizes (decoded bytes):"), text.stdout());
    assertTrue(lines.stream().anyMatch(l -> l.matches("\\s+0\\s+" + zeros + "\\s+#+")),
        text.stdout());

    Map<String, Object> json = JsonTree.object(
        CliRun.run("stat", "--json", f.toString()).expect(0).stdout());
    assertEquals(36L, json.get("records"));
    assertEquals((long) w.bytes().length, json.get("file_bytes"));
    assertEquals(recordBytes, json.get("record_bytes"));
    assertEquals(0L, json.get("min_record_bytes"));
    assertEquals(max, json.get("max_record_bytes"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> histogram = (List<Map<String, Object>>) json.get("size_histogram");
    long total = 0;
    for (Map<String, Object> bucket : histogram) {
      long lo = (Long) bucket.get("min");
      long hi = (Long) bucket.get("max");
      long count = w.records().stream().filter(r -> r.length >= lo && r.length <= hi).count();
      assertEquals(count, bucket.get("count"), "bucket " + lo + "-" + hi);
      total += count;
    }
    assertEquals(36, total);
  }

  @Test
  void statCountsFormatVersionsAndCodecs() throws Exception {
    WriterOptions v1 = WriterOptions.defaults().withFormatVersion(FormatVersion.V1);
    WriterOptions v2 = WriterOptions.defaults();
    List<WriterOptions> how = List.of(v1, v1, v1.withCodec(Codec.GZIP), v2.withCodec(Codec.ZSTD),
        v2.withCodec(Codec.ZSTD), v2.withCodec(Codec.ZSTD));
    List<byte[]> records = new java.util.ArrayList<>();
    for (int i = 0; i < how.size(); i++) {
      records.add(("record " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    Path f = dir.resolve("versions.pp");
    Files.write(f, TestData.write(records, how).bytes());

    Map<String, Object> json = JsonTree.object(
        CliRun.run("stat", "--json", f.toString()).expect(0).stdout());
    assertEquals(Map.of("v1", 3L, "v2", 3L), json.get("format_versions"));
    assertEquals(Map.of("none", 2L, "gzip", 1L, "zstd", 3L), json.get("codecs"));
    List<String> lines = CliRun.run("stat", f.toString()).expect(0).lines();
    assertTrue(lines.contains("format versions:  v1 3, v2 3"), lines.toString());
    assertTrue(lines.contains("codecs:           gzip 1, none 2, zstd 3"), lines.toString());
  }

  @Test
  void statOfStandardInputCountsItsBytes() throws Exception {
    Path f = dir.resolve("a.pp");
    TestFiles.write(f, TestFiles.lines("r", 3));
    Map<String, Object> json = JsonTree.object(CliRun.run(Files.readAllBytes(f), "stat",
        "--json", "-").expect(0).stdout());
    assertEquals(Files.size(f), json.get("file_bytes"));
    assertEquals(3L, json.get("records"));
  }

  @Test
  void statReportsDamage() throws Exception {
    Path f = dir.resolve("a.pp");
    List<Long> offsets = TestFiles.write(f, TestFiles.lines("r", 10));
    TestFiles.flip(f, offsets.get(2) + 40);
    TestFiles.truncate(f, 1);
    Map<String, Object> json = JsonTree.object(
        CliRun.run("stat", "--json", f.toString()).expect(0).stdout());
    assertEquals(8L, json.get("records"));
    assertEquals(1L, json.get("corrupt_regions"));
    assertEquals(1L, json.get("corrupt_frames"), "the deprecated alias, for one release");
    assertEquals(42L, json.get("skipped_bytes"));
    assertEquals(true, json.get("torn_tail"));
    CliRun.Result text = CliRun.run("stat", f.toString()).expect(0);
    assertTrue(text.stdout().contains("torn tail:        " + f + " at offset " + offsets.get(9)
        + " (41 bytes)"), text.stdout());
  }
}
