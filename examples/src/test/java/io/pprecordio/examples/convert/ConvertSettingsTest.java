package io.pprecordio.examples.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.Codec;
import io.pprecordio.FormatVersion;
import io.pprecordio.PPRecordWriter;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How options become a conversion: names, formats, shard counts, and one-line errors. */
class ConvertSettingsTest {
  @TempDir
  Path dir;

  private Path textInput;

  @BeforeEach
  void input() throws IOException {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    textInput = Files.writeString(dir.resolve("in.txt"), "a\nb\n");
  }

  private ConvertSettings resolve(String... args) throws IOException {
    return ConvertSettings.resolve(PipelineOptionsFactory.fromArgs(args).withValidation()
        .as(ConvertOptions.class));
  }

  private String usageError(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> resolve(args)).getMessage();
  }

  @Test
  void formatsFromNames() {
    assertEquals(Optional.of(DataFormat.TEXT), DataFormat.fromName("logs/day-1.jsonl"));
    assertEquals(Optional.of(DataFormat.TEXT), DataFormat.fromName("logs/day-1.txt.gz"));
    assertEquals(Optional.of(DataFormat.TFRECORD), DataFormat.fromName("train@64.tfrecord"));
    assertEquals(Optional.of(DataFormat.TFRECORD), DataFormat.fromName("gs://b/t-*.tfrecords.zst"));
    assertEquals(Optional.of(DataFormat.SEQUENCEFILE), DataFormat.fromName("part-*.seq"));
    assertEquals(Optional.of(DataFormat.PPRECORDIO), DataFormat.fromName("x@4.pp_recordio"));
    assertEquals(Optional.empty(), DataFormat.fromName("part-r-00000"));
    assertEquals(Optional.empty(), DataFormat.fromName("dir.txt/part"));
    assertEquals(DataFormat.SEQUENCEFILE, DataFormat.parse("SEQ"));
    assertEquals(DataFormat.PPRECORDIO, DataFormat.parse("pp_recordio"));
    assertEquals(DataFormat.PPRECORDIO, DataFormat.parse("PPRECORDIO"));
    assertEquals(Compression.GZIP, FileCompression.of("a.txt.gz"));
    assertEquals(Compression.UNCOMPRESSED, FileCompression.of("a.txt"));
  }

  @Test
  void shardSpecOutputNamesItsFilesExactly() throws IOException {
    ConvertSettings s = resolve("--input=" + textInput, "--output=" + dir + "/out/data@4");
    assertEquals(DataFormat.TEXT, s.input().format());
    assertEquals(DataFormat.PPRECORDIO, s.output().format());
    assertEquals(4, s.output().numShards());
    assertEquals("data", s.output().name());
    assertEquals("", s.output().suffix());
    assertEquals("data-00003-of-00004", s.output().shardFileName(3, 4));
    assertEquals(dir + "/out/data@4", s.output().spec(4));

    s = resolve("--input=" + textInput, "--output=" + dir + "/data@2.tfrecord.gz");
    assertEquals(DataFormat.TFRECORD, s.output().format());
    assertEquals(Compression.GZIP, s.output().compression());
    assertEquals(".tfrecord.gz", s.output().suffix());
  }

  @Test
  void plainOutputGetsTheFormatSuffixAfterTheShardNumber() throws IOException {
    ConvertSettings s = resolve("--input=" + textInput, "--output=" + dir + "/events.tfrecord",
        "--numShards=3", "--compression=gzip");
    assertEquals(3, s.output().numShards());
    assertEquals("events", s.output().name());
    assertEquals(".tfrecord.gz", s.output().suffix());

    s = resolve("--input=" + textInput, "--output=" + dir + "/events",
        "--outputFormat=sequencefile", "--compression=bzip2");
    assertEquals(0, s.output().numShards());
    assertEquals(".seq", s.output().suffix()); // block-compressed inside, no .bz2
    assertEquals(Compression.BZIP2, s.output().compression());
    assertEquals(dir + "/events-*-of-*.seq", s.output().spec(0));
  }

  @Test
  void ppRecordIOWriterOptions() throws IOException {
    ConvertSettings s = resolve("--input=" + textInput, "--output=" + dir + "/o@1",
        "--codec=ZSTD", "--compressionLevel=9");
    assertEquals(Codec.ZSTD, s.output().writerOptions().codec());
    assertEquals(9, s.output().writerOptions().compressionLevel());
    s = resolve("--input=" + textInput, "--output=" + dir + "/o@1", "--formatVersion=v1");
    assertEquals(FormatVersion.V1, s.output().writerOptions().formatVersion());
    assertEquals(false, s.output().writerOptions().block());
    s = resolve("--input=" + textInput, "--output=" + dir + "/o@1", "--codec=zstd",
        "--blockRecords=100");
    assertEquals(100, s.output().writerOptions().blockRecords());
    assertEquals(io.pprecordio.WriterOptions.DEFAULT_BLOCK_BYTES,
        s.output().writerOptions().blockBytes());
    s = resolve("--input=" + textInput, "--output=" + dir + "/o@1", "--blockBytes=4096");
    assertEquals(io.pprecordio.WriterOptions.DEFAULT_BLOCK_RECORDS,
        s.output().writerOptions().blockRecords());
    assertEquals(4096, s.output().writerOptions().blockBytes());
  }

  @Test
  void mistakesAreOneLineErrorsNamingTheOption() {
    String in = "--input=" + textInput;
    assertTrue(usageError(in).startsWith("--output is required"));
    assertTrue(usageError("--output=x@2").startsWith("--input is required"));
    assertEquals("--numShards=3 contradicts --output " + dir + "/o@4, which names 4 shards",
        usageError(in, "--output=" + dir + "/o@4", "--numShards=3"));
    assertTrue(usageError(in, "--output=" + dir + "/o@4", "--outputFormat=orc")
        .startsWith("--outputFormat: unknown format 'orc'; expected one of text, tfrecord,"));
    assertTrue(usageError(in, "--output=" + dir + "/o@4.txt", "--codec=gzip")
        .startsWith("--codec, --compressionLevel, --formatVersion, --blockRecords and"
            + " --blockBytes apply to pp_recordio output"));
    assertTrue(usageError(in, "--output=" + dir + "/o@4.txt", "--blockRecords=10")
        .startsWith("--codec, --compressionLevel, --formatVersion, --blockRecords and"));
    assertTrue(usageError(in, "--output=" + dir + "/o@4", "--formatVersion=v1",
        "--blockRecords=10").contains("v1 frames cannot hold blocks"));
    assertTrue(usageError(in, "--output=" + dir + "/o@4", "--blockRecords=40000")
        .contains("a block holds 1 to 32767 records"));
    assertTrue(usageError(in, "--output=" + dir + "/o@4", "--formatVersion=v1", "--codec=zstd")
        .contains("v1 frames cannot hold zstd records"));
    assertTrue(usageError(in, "--output=" + dir + "/o@4", "--compression=gzip")
        .startsWith("pp_recordio output is compressed record by record: use --codec"));
    assertTrue(usageError(in, "--output=" + dir + "/o@4.seq", "--compression=zstd")
        .contains("native Hadoop library"));
    assertTrue(usageError(in, "--output=" + dir + "/o@4.txt.gz", "--compression=bzip2")
        .contains("contradicts the output suffix .txt.gz"));
    assertTrue(usageError(in, "--output=" + dir + "/o@4", "--corruptionPolicy=fail")
        .startsWith("--corruptionPolicy and --maxRecordBytes apply to pp_recordio input only"));
    assertTrue(usageError(in, "--output=" + dir + "/o@4", "--compressionLevel=30",
        "--codec=gzip").contains("gzip levels run from 0 to 9"));
    assertTrue(usageError(in, "--output=" + dir + "/").contains("is a directory"));
    assertTrue(usageError(in, "--output=" + dir + "/o@4", "--sequenceFileValueClass=Foo")
        .startsWith("--sequenceFileValueClass: 'Foo' is not supported"));
  }

  @Test
  void missingInputsAreNamed() throws IOException {
    FileNotFoundException e = assertThrows(FileNotFoundException.class,
        () -> resolve("--input=" + dir + "/nothing-*.txt", "--output=" + dir + "/o@1"));
    assertEquals(dir + "/nothing-*.txt: no such file, or no file matches", e.getMessage());

    Files.writeString(dir.resolve("s-00000-of-00003.txt"), "x\n");
    Files.writeString(dir.resolve("s-00002-of-00003.txt"), "x\n");
    e = assertThrows(FileNotFoundException.class,
        () -> resolve("--input=" + dir + "/s@3.txt", "--output=" + dir + "/o@1"));
    assertEquals("missing shard " + dir + "/s-00001-of-00003.txt of " + dir + "/s@3.txt (3 shards)",
        e.getMessage());
  }

  @Test
  void sniffsEachFormatFromItsFirstBytes() throws IOException {
    Path pp = dir.resolve("a");
    try (PPRecordWriter w = PPRecordWriter.create(pp)) {
      w.write("x".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(DataFormat.PPRECORDIO, sniff(pp));

    Datasets.writeTfRecords(dir.resolve("b").toString(), List.of(new byte[] {1, 2, 3}), 1);
    Path tf = Files.list(dir).filter(p -> p.getFileName().toString().startsWith("b-"))
        .findFirst().orElseThrow();
    Path tfPlain = Files.move(tf, dir.resolve("b"));
    assertEquals(DataFormat.TFRECORD, sniff(tfPlain));

    Path seq = dir.resolve("c");
    Datasets.writeSequenceFile(seq, LongWritable.class, List.of(new LongWritable(1)),
        List.of(new Text("v")), SequenceFile.CompressionType.NONE);
    assertEquals(DataFormat.SEQUENCEFILE, sniff(seq));

    Path text = Files.writeString(dir.resolve("d"), "héllo, wörld\n".repeat(1000));
    assertEquals(DataFormat.TEXT, sniff(text));

    Path binary = Files.write(dir.resolve("e"), new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
        11, 12});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> sniff(binary));
    assertTrue(e.getMessage().startsWith("cannot tell the format of " + binary
        + "; name it with --inputFormat"), e.getMessage());
    Path empty = Files.write(dir.resolve("f"), new byte[0]);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> sniff(empty)).getMessage()
        .contains("(it is empty)"));
    assertFalse(DataFormat.fromName("f").isPresent());
  }

  private static DataFormat sniff(Path file) throws IOException {
    return DataFormat.sniff(FileSystems.matchSingleFileSpec(file.toString()));
  }
}
