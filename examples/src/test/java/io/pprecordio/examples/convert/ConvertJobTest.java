package io.pprecordio.examples.convert;

import static io.pprecordio.examples.convert.Datasets.assertSameRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.Codec;
import io.pprecordio.CorruptRecordException;
import io.pprecordio.FormatVersion;
import io.pprecordio.PPRecordReader;
import io.pprecordio.PPRecordWriter;
import io.pprecordio.ShardSpec;
import io.pprecordio.WriterOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conversion job on the DirectRunner, in every direction, checked against each format's own library. */
class ConvertJobTest {
  @TempDir
  Path dir;

  private final List<String> notes = new ArrayList<>();

  private ConvertSummary run(String... args) throws IOException {
    ConvertOptions options = PipelineOptionsFactory.fromArgs(args).withValidation()
        .as(ConvertOptions.class);
    ConvertSummary summary = ConvertJob.run(options, notes::add);
    assertEquals(List.of(), summary.problems(), summary::render);
    return summary;
  }

  private String path(String name) {
    return dir.resolve(name).toString();
  }

  /** Lines a text dataset may hold: empty, Unicode, tabs, long, repeated. */
  private static List<byte[]> textLines(int n) {
    List<byte[]> lines = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < n; i++) {
      String line;
      switch (i % 6) {
        case 0:
          line = "";
          break;
        case 1:
          line = "{\"id\": " + i + ", \"name\": \"Zoë \u00e9\u4e2d\u6587 \ud83d\ude80\"}";
          break;
        case 2:
          line = "tab\tseparated\t" + i;
          break;
        case 3:
          line = "x".repeat(random.nextInt(20_000));
          break;
        case 4:
          line = "duplicate";
          break;
        default:
          line = "line " + i + " " + random.nextLong();
      }
      lines.add(line.getBytes(StandardCharsets.UTF_8));
    }
    return lines;
  }

  private static void writeLines(Path file, List<byte[]> lines) throws IOException {
    try (var out = Files.newOutputStream(file)) {
      for (byte[] line : lines) {
        out.write(line);
        out.write('\n');
      }
    }
  }

  @Test
  void textToPPRecordIOToTextGivesTheSameLines() throws IOException {
    List<byte[]> lines = textLines(3000);
    writeLines(dir.resolve("in-a.txt"), lines.subList(0, 1000));
    writeLines(dir.resolve("in-b.txt"), lines.subList(1000, 3000));

    ConvertSummary toPP = run("--input=" + path("in-*.txt"),
        "--output=" + path("pp/lines@3.pp_recordio"), "--codec=zstd");
    assertEquals(3000, toPP.recordsIn());
    assertEquals(OptionalLong.of(3000), toPP.recordsOut());
    List<byte[]> pp = Datasets.readShards(path("pp/lines"), 3, ".pp_recordio",
        Datasets::readPPRecordIO);
    assertSameRecords(lines, pp);

    ConvertSummary back = run("--input=" + path("pp/lines@3.pp_recordio"),
        "--output=" + path("back/lines@2.txt"));
    assertEquals(3000, back.recordsIn());
    assertSameRecords(lines, Datasets.readShards(path("back/lines"), 2, ".txt",
        Datasets::readLines));
    assertEquals(0, back.recordsNotTextLines());
  }

  @Test
  void textToPPRecordIOInBlockModeWritesBlockFramesThatReadBack() throws IOException {
    List<byte[]> lines = textLines(2000);
    writeLines(dir.resolve("blk.txt"), lines);
    ConvertSummary toPP = run("--input=" + path("blk.txt"),
        "--output=" + path("blk/lines@2.pp_recordio"), "--codec=zstd", "--blockRecords=50");
    assertEquals(OptionalLong.of(2000), toPP.recordsOut());
    assertSameRecords(lines, Datasets.readShards(path("blk/lines"), 2, ".pp_recordio",
        Datasets::readPPRecordIO));
    int frames = 0;
    int records = 0;
    for (int shard = 0; shard < 2; shard++) {
      try (PPRecordReader r = PPRecordReader.open(
          Path.of(path("blk/lines-0000" + shard + "-of-00002.pp_recordio")))) {
        while (r.advance()) {
          records++;
          assertTrue(r.inBlockFrame());
          assertTrue(r.recordsInFrame() <= 50);
          frames += r.indexInBlock() == 0 ? 1 : 0;
        }
      }
    }
    assertEquals(2000, records);
    // Full blocks of 50, plus a short block wherever the runner flushed a shard's writer.
    assertTrue(frames >= 2000 / 50 && frames <= 2000 / 25,
        frames + " frames: blocks hold many records");
  }

  private static List<byte[]> binaryRecords(int n) {
    Random random = new Random(11);
    List<byte[]> records = new ArrayList<>();
    records.add(new byte[0]);
    records.add(new byte[1 << 20]); // 1 MiB of zeros
    for (int i = 2; i < n; i++) {
      byte[] r = new byte[random.nextInt(i % 10 == 0 ? 70_000 : 300)];
      random.nextBytes(r);
      records.add(r);
    }
    return records;
  }

  @Test
  void tfRecordToPPRecordIOToTfRecordGivesTheSameRecords() throws IOException {
    List<byte[]> records = binaryRecords(800);
    Datasets.writeTfRecords(path("tf/in"), records, 3);

    ConvertSummary toPP = run("--input=" + path("tf/in@3.tfrecord"),
        "--output=" + path("pp/records@4"), "--outputFormat=pp_recordio",
        "--formatVersion=v1", "--codec=gzip");
    assertEquals(800, toPP.recordsIn());
    List<byte[]> pp = Datasets.readShards(path("pp/records"), 4, "", Datasets::readPPRecordIO);
    assertSameRecords(records, pp);

    ConvertSummary back = run("--input=" + path("pp/records@4"), "--inputFormat=pp_recordio",
        "--output=" + path("tf/out@2.tfrecord.gz"));
    assertEquals(OptionalLong.of(800), back.recordsOut());
    assertSameRecords(records, Datasets.readShards(path("tf/out"), 2, ".tfrecord.gz",
        Datasets::readTfRecords));
  }

  @Test
  void sequenceFileToPPRecordIOToSequenceFileGivesTheSameValues() throws IOException {
    List<byte[]> records = binaryRecords(600);
    List<BytesWritable> bytesValues = new ArrayList<>();
    List<LongWritable> keys = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      bytesValues.add(new BytesWritable(records.get(i)));
      keys.add(new LongWritable(i));
    }
    Datasets.writeSequenceFile(dir.resolve("seq/in-0.seq"), LongWritable.class, keys,
        bytesValues, SequenceFile.CompressionType.BLOCK);
    // A second file with Text values, record-compressed.
    List<Text> textValues = new ArrayList<>();
    List<byte[]> texts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] t = ("text value " + i + " \u00e9").getBytes(StandardCharsets.UTF_8);
      texts.add(t);
      textValues.add(new Text(t));
    }
    Datasets.writeSequenceFile(dir.resolve("seq/in-1.seq"), LongWritable.class,
        keys.subList(0, 200), textValues, SequenceFile.CompressionType.RECORD);
    List<byte[]> expected = new ArrayList<>(records.subList(0, 400));
    expected.addAll(texts);

    ConvertSummary toPP = run("--input=" + path("seq/in-*.seq"),
        "--output=" + path("pp/values@2.pp_recordio"));
    assertEquals(600, toPP.recordsIn());
    assertSameRecords(expected, Datasets.readShards(path("pp/values"), 2, ".pp_recordio",
        Datasets::readPPRecordIO));

    ConvertSummary back = run("--input=" + path("pp/values@2.pp_recordio"),
        "--output=" + path("seq/out@3.seq"), "--compression=deflate");
    assertEquals(OptionalLong.of(600), back.recordsOut());
    assertSameRecords(expected, Datasets.readShards(path("seq/out"), 3, ".seq",
        Datasets::readSequenceFileValues));

    ConvertSummary asText = run("--input=" + path("pp/values@2.pp_recordio"),
        "--output=" + path("seq/text@1.seq"), "--sequenceFileValueClass=Text");
    assertEquals(OptionalLong.of(600), asText.recordsOut());
    assertSameRecords(expected, Datasets.readSequenceFileValues(
        Path.of(path("seq/text-00000-of-00001.seq"))));
  }

  @Test
  void otherWritableValuesBecomeTheirSerializedBytes() throws IOException {
    List<IntWritable> values = new ArrayList<>();
    List<byte[]> expected = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      values.add(new IntWritable(i * 1000));
      expected.add(java.nio.ByteBuffer.allocate(4).putInt(i * 1000).array());
    }
    List<NullWritable> keys = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      keys.add(NullWritable.get());
    }
    Datasets.writeSequenceFile(dir.resolve("ints.seq"), NullWritable.class, keys, values,
        SequenceFile.CompressionType.NONE);
    run("--input=" + path("ints.seq"), "--output=" + path("ints@1.pp_recordio"));
    assertSameRecords(expected, Datasets.readPPRecordIO(
        Path.of(path("ints-00000-of-00001.pp_recordio"))));
  }

  /**
   * Known damage: one frame with a flipped payload byte, one file cut inside its last frame. The
   * summary must count exactly those, and each shard's count must be what the shard holds.
   */
  @Test
  void summaryCountsDamageAndRecordsPerShard() throws IOException {
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      records.add(("record " + i).getBytes(StandardCharsets.UTF_8));
    }
    Files.createDirectories(dir.resolve("in"));
    ShardSpec in = ShardSpec.of(path("in/data"), 2, ".pp_recordio");
    long[][] offsets = new long[2][];
    for (int s = 0; s < 2; s++) {
      offsets[s] = new long[250];
      try (PPRecordWriter w = PPRecordWriter.create(Path.of(in.shardName(s)),
          WriterOptions.defaults().withCodec(s == 0 ? Codec.NONE : Codec.GZIP))) {
        for (int i = 0; i < 250; i++) {
          offsets[s][i] = w.write(records.get(s * 250 + i));
        }
      }
    }
    Path shard0 = Path.of(in.shardName(0));
    long damagedFrame = offsets[0][100];
    long damagedBytes = offsets[0][101] - offsets[0][100];
    try (RandomAccessFile f = new RandomAccessFile(shard0.toFile(), "rw")) {
      f.seek(offsets[0][101] - 2); // inside record 100's payload
      int b = f.read();
      f.seek(offsets[0][101] - 2);
      f.write(b ^ 0xff);
    }
    Path shard1 = Path.of(in.shardName(1));
    long lastFrame = offsets[1][249];
    try (RandomAccessFile f = new RandomAccessFile(shard1.toFile(), "rw")) {
      f.setLength(lastFrame + 30); // inside the last frame's header
    }
    List<byte[]> intact = new ArrayList<>(records);
    intact.remove(499);
    intact.remove(100);

    ConvertSummary summary = run("--input=" + in, "--output=" + path("out/data@5.tfrecord"));
    assertEquals(498, summary.recordsIn());
    assertEquals(1, summary.corruptRegionsSkipped());
    assertEquals(damagedBytes, summary.bytesSkipped());
    assertEquals(1, summary.tornTails());
    assertEquals(OptionalLong.of(498), summary.recordsOut());

    Map<String, OptionalLong> shards = summary.recordsPerShard();
    assertEquals(Stream.of(0, 1, 2, 3, 4).map(i -> String.format("data-%05d-of-00005.tfrecord", i))
        .collect(Collectors.toList()), new ArrayList<>(shards.keySet()));
    List<byte[]> all = new ArrayList<>();
    for (Map.Entry<String, OptionalLong> shard : shards.entrySet()) {
      List<byte[]> held = Datasets.readTfRecords(dir.resolve("out").resolve(shard.getKey()));
      assertEquals(OptionalLong.of(held.size()), shard.getValue(), shard.getKey());
      all.addAll(held);
    }
    assertSameRecords(intact, all);
    assertEquals(path("out/data@5.tfrecord"), summary.output());
    String text = summary.render();
    assertTrue(text.contains("corrupt regions skipped: 1\n"), text);
    assertTrue(text.contains("bytes skipped:           " + damagedBytes + "\n"), text);
    assertTrue(text.contains("torn tails:              1\n"), text);
    assertTrue(damagedFrame > 0);
  }

  @Test
  void failPolicyStopsTheJobAtTheFirstCorruptFrame() throws IOException {
    Path file = dir.resolve("bad.pp_recordio");
    long second;
    try (PPRecordWriter w = PPRecordWriter.create(file)) {
      w.write("first".getBytes(StandardCharsets.UTF_8));
      second = w.write("second".getBytes(StandardCharsets.UTF_8));
      w.write("third".getBytes(StandardCharsets.UTF_8));
    }
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) second + 41] ^= 1;
    Files.write(file, bytes);
    ConvertOptions options = PipelineOptionsFactory.fromArgs("--input=" + file,
        "--output=" + path("out@1"), "--corruptionPolicy=fail").as(ConvertOptions.class);
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> ConvertJob.run(options, notes::add));
    CorruptRecordException corrupt = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CorruptRecordException) {
        corrupt = (CorruptRecordException) t;
      }
    }
    assertTrue(corrupt != null, () -> "no CorruptRecordException in " + e);
    assertTrue(corrupt.getMessage().contains(file.toString()), corrupt.getMessage());
    assertTrue(corrupt.getMessage().contains("offset " + second), corrupt.getMessage());
  }

  @Test
  void sampleDatasetWhenNoInputIsNamed() throws IOException {
    ConvertSummary summary = run("--sampleRecords=600", "--output=" + path("sample-out@3"));
    assertEquals(598, summary.recordsIn());
    assertEquals(1, summary.corruptRegionsSkipped());
    assertEquals(1, summary.tornTails());
    assertEquals(OptionalLong.of(598), summary.recordsOut());
    List<byte[]> text = Datasets.readShards(path("sample-out"), 3, "", Datasets::readLines);
    assertEquals(598, text.size());
    for (byte[] line : text) {
      String s = new String(line, StandardCharsets.UTF_8);
      assertTrue(s.startsWith("{\"id\":") && s.endsWith("}"), s);
    }
    assertTrue(notes.get(0).startsWith("no --input given"), notes.toString());
  }

  /**
   * The sample run fills in input, output and format without touching the caller's options, and
   * removes the generated dataset when it ends unless --keepSample is set.
   */
  @Test
  void theSampleRunLeavesTheOptionsAloneAndRemovesTheSampleUnlessKept() throws IOException {
    ConvertOptions options = PipelineOptionsFactory.fromArgs("--sampleRecords=60")
        .withValidation().as(ConvertOptions.class);
    ConvertSummary summary = ConvertJob.run(options, notes::add);
    assertEquals(58, summary.recordsIn());
    assertEquals(null, options.getInput());
    assertEquals(null, options.getOutput());
    assertEquals(null, options.getOutputFormat());
    Path sample = sampleDirectory();
    assertFalse(Files.exists(sample), sample + " left behind");
    assertEquals("removed the sample dataset and its conversion from " + sample
        + " (--keepSample=true keeps it)", notes.get(notes.size() - 1));

    notes.clear();
    ConvertJob.run(PipelineOptionsFactory.fromArgs("--sampleRecords=60", "--keepSample=true")
        .withValidation().as(ConvertOptions.class), notes::add);
    Path kept = sampleDirectory();
    try {
      assertTrue(Files.isDirectory(kept.resolve("converted")), kept + " was not kept");
      assertEquals("kept the sample dataset in " + kept, notes.get(notes.size() - 1));
    } finally {
      try (var files = Files.walk(kept)) {
        for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())
            ::iterator) {
          Files.delete(p);
        }
      }
    }
  }

  /** The directory the first note names. */
  private Path sampleDirectory() {
    String first = notes.get(0);
    String marker = "generated in ";
    return java.nio.file.Paths.get(first.substring(first.indexOf(marker) + marker.length(),
        first.length() - 1));
  }

  @Test
  void runnerChosenShardCountIsReportedFromTheFilesWritten() throws IOException {
    List<byte[]> lines = textLines(400);
    writeLines(dir.resolve("in.jsonl"), lines);
    ConvertSummary summary = run("--input=" + path("in.jsonl"), "--output=" + path("out/x"));
    Map<String, OptionalLong> shards = summary.recordsPerShard();
    assertTrue(!shards.isEmpty());
    List<byte[]> all = new ArrayList<>();
    long sum = 0;
    for (Map.Entry<String, OptionalLong> shard : shards.entrySet()) {
      assertTrue(shard.getKey().matches("x-\\d{5}-of-\\d{5}\\.pp_recordio"), shard.getKey());
      List<byte[]> held = Datasets.readPPRecordIO(dir.resolve("out").resolve(shard.getKey()));
      assertEquals(OptionalLong.of(held.size()), shard.getValue());
      sum += held.size();
      all.addAll(held);
    }
    assertEquals(400, sum);
    assertSameRecords(lines, all);
    try (Stream<Path> files = Files.list(dir.resolve("out"))) {
      assertEquals(shards.keySet(), files.map(f -> f.getFileName().toString())
          .collect(Collectors.toSet()));
    }
    assertEquals(path("out/x@" + shards.size() + ".pp_recordio"), summary.output());
  }

  @Test
  void binaryRecordsAsTextAreCountedAndWarnedAbout() throws IOException {
    Path file = dir.resolve("bin.pp_recordio");
    try (PPRecordWriter w = PPRecordWriter.create(file,
        WriterOptions.defaults().withFormatVersion(FormatVersion.V2))) {
      w.write("plain".getBytes(StandardCharsets.UTF_8));
      w.write("two\nlines".getBytes(StandardCharsets.UTF_8));
      w.write(new byte[] {(byte) 0xff, (byte) 0xfe});
    }
    ConvertSummary summary = run("--input=" + file, "--output=" + path("bin@1.txt.gz"));
    assertEquals(2, summary.recordsNotTextLines());
    assertEquals(OptionalLong.of(4), summary.recordsOut()); // "two\nlines" is two lines now
    assertTrue(notes.stream().anyMatch(n -> n.contains("2 records are not single lines")),
        notes.toString());
    assertEquals(4, Datasets.readLines(Path.of(path("bin-00000-of-00001.txt.gz"))).size());
  }

  @Test
  void inputFormatIsGuessedFromTheBytesWhenTheNameSaysNothing() throws IOException {
    Path file = dir.resolve("mystery.dat");
    try (PPRecordWriter w = PPRecordWriter.create(file)) {
      w.write("a".getBytes(StandardCharsets.UTF_8));
    }
    ConvertSummary summary = run("--input=" + file, "--output=" + path("o@1.txt"));
    assertEquals(1, summary.recordsIn());
    assertTrue(notes.stream().anyMatch(n -> n.contains("as pp_recordio (guessed")),
        notes.toString());
    try (PPRecordReader r = PPRecordReader.open(file)) {
      assertTrue(r.advance());
    }
  }
}
