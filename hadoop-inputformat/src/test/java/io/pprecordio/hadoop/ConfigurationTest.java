package io.pprecordio.hadoop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.Codec;
import io.pprecordio.CorruptionPolicy;
import io.pprecordio.FormatVersion;
import io.pprecordio.ReaderOptions;
import io.pprecordio.WriterOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapreduce.Job;
import org.junit.jupiter.api.Test;

/** The pprecordio.* keys: defaults, setters of both APIs, and errors that name the key. */
class ConfigurationTest {
  @Test
  void keysAreNamedAndPrefixed() {
    assertEquals("pprecordio.corruption.policy", PPRecordInputFormat.CORRUPTION_POLICY);
    assertEquals("pprecordio.max.record.bytes", PPRecordInputFormat.MAX_RECORD_BYTES);
    assertEquals("pprecordio.output.codec", PPRecordOutputFormat.CODEC);
    assertEquals("pprecordio.output.format.version", PPRecordOutputFormat.FORMAT_VERSION);
    assertEquals("pprecordio.output.compression.level", PPRecordOutputFormat.COMPRESSION_LEVEL);
    assertEquals(PPRecordInputFormat.CORRUPTION_POLICY,
        io.pprecordio.hadoop.mapred.PPRecordInputFormat.CORRUPTION_POLICY);
    assertEquals(PPRecordOutputFormat.CODEC,
        io.pprecordio.hadoop.mapred.PPRecordOutputFormat.CODEC);
  }

  @Test
  void defaultsAreCoreDefaults() throws Exception {
    Job job = Job.getInstance(new Configuration(false));
    assertEquals(ReaderOptions.defaults(), PPRecordInputFormat.readerOptions(job.getConfiguration()));
    assertEquals(WriterOptions.defaults(),
        PPRecordOutputFormat.writerOptions(job.getConfiguration()));
    assertEquals(CorruptionPolicy.SKIP_AND_REPORT, PPRecordInputFormat.getCorruptionPolicy(job));
    assertEquals(256L << 20, PPRecordInputFormat.getMaxRecordBytes(job));
    assertEquals(Codec.NONE, PPRecordOutputFormat.getCodec(job));
    assertEquals(FormatVersion.V2, PPRecordOutputFormat.getFormatVersion(job));
  }

  @Test
  void mapreduceSettersRoundTrip() throws Exception {
    Job job = Job.getInstance(new Configuration(false));
    PPRecordInputFormat.setCorruptionPolicy(job, CorruptionPolicy.FAIL);
    PPRecordInputFormat.setMaxRecordBytes(job, 1 << 20);
    PPRecordOutputFormat.setCodec(job, Codec.ZSTD);
    PPRecordOutputFormat.setFormatVersion(job, FormatVersion.V2);
    PPRecordOutputFormat.setCompressionLevel(job, 9);
    Configuration conf = job.getConfiguration();
    assertEquals("fail", conf.get("pprecordio.corruption.policy"));
    assertEquals("zstd", conf.get("pprecordio.output.codec"));
    assertEquals(ReaderOptions.defaults().withCorruptionPolicy(CorruptionPolicy.FAIL)
        .withMaxRecordBytes(1 << 20), PPRecordInputFormat.readerOptions(conf));
    assertEquals(WriterOptions.defaults().withCodec(Codec.ZSTD).withCompressionLevel(9),
        PPRecordOutputFormat.writerOptions(conf));
  }

  @Test
  void mapredSettersRoundTrip() {
    JobConf job = new JobConf(false);
    io.pprecordio.hadoop.mapred.PPRecordInputFormat.setCorruptionPolicy(job, CorruptionPolicy.FAIL);
    io.pprecordio.hadoop.mapred.PPRecordInputFormat.setMaxRecordBytes(job, 4096);
    io.pprecordio.hadoop.mapred.PPRecordOutputFormat.setCodec(job, Codec.GZIP);
    io.pprecordio.hadoop.mapred.PPRecordOutputFormat.setFormatVersion(job, FormatVersion.V1);
    io.pprecordio.hadoop.mapred.PPRecordOutputFormat.setCompressionLevel(job, 1);
    assertEquals(CorruptionPolicy.FAIL,
        io.pprecordio.hadoop.mapred.PPRecordInputFormat.getCorruptionPolicy(job));
    assertEquals(4096, io.pprecordio.hadoop.mapred.PPRecordInputFormat.getMaxRecordBytes(job));
    assertEquals(Codec.GZIP, io.pprecordio.hadoop.mapred.PPRecordOutputFormat.getCodec(job));
    assertEquals(FormatVersion.V1,
        io.pprecordio.hadoop.mapred.PPRecordOutputFormat.getFormatVersion(job));
    assertEquals(WriterOptions.defaults().withFormatVersion(FormatVersion.V1)
        .withCodec(Codec.GZIP).withCompressionLevel(1), PPRecordOutputFormat.writerOptions(job));
  }

  @Test
  void valuesAreParsedLeniently() {
    Configuration conf = new Configuration(false);
    conf.set("pprecordio.corruption.policy", " SKIP_AND_REPORT ");
    conf.set("pprecordio.max.record.bytes", "512m");
    conf.set("pprecordio.output.codec", "GZip");
    conf.set("pprecordio.output.format.version", "1");
    assertEquals(ReaderOptions.defaults().withMaxRecordBytes(512L << 20),
        PPRecordInputFormat.readerOptions(conf));
    assertEquals(WriterOptions.defaults().withCodec(Codec.GZIP)
        .withFormatVersion(FormatVersion.V1), PPRecordOutputFormat.writerOptions(conf));
  }

  @Test
  void badValuesNameTheKeyAndTheChoices() {
    assertBad("pprecordio.corruption.policy", "ignore", "skip or fail", true);
    assertBad("pprecordio.max.record.bytes", "lots", "byte count", true);
    assertBad("pprecordio.max.record.bytes", "-1", "byte count in [0, ", true);
    assertBad("pprecordio.output.codec", "snappy", "none, gzip or zstd", false);
    assertBad("pprecordio.output.format.version", "v3", "v1 or v2", false);
    Configuration conf = new Configuration(false);
    conf.set("pprecordio.output.codec", "zstd");
    conf.set("pprecordio.output.format.version", "v1");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PPRecordOutputFormat.writerOptions(conf));
    assertTrue(e.getMessage().contains("pprecordio.output.codec=zstd needs "
        + "pprecordio.output.format.version=v2"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> PPRecordInputFormat.setMaxRecordBytes(new Configuration(false), -5));
  }

  @Test
  void blockModeKeysAndSetters() throws Exception {
    assertEquals("pprecordio.output.block", PPRecordOutputFormat.BLOCK);
    assertEquals("pprecordio.output.block.records", PPRecordOutputFormat.BLOCK_RECORDS);
    assertEquals("pprecordio.output.block.bytes", PPRecordOutputFormat.BLOCK_BYTES);
    assertEquals(PPRecordOutputFormat.BLOCK_BYTES,
        io.pprecordio.hadoop.mapred.PPRecordOutputFormat.BLOCK_BYTES);
    WriterOptions zstd = WriterOptions.defaults().withCodec(Codec.ZSTD);

    Job job = Job.getInstance(new Configuration(false));
    PPRecordOutputFormat.setCodec(job, Codec.ZSTD);
    PPRecordOutputFormat.setBlock(job, true);
    assertEquals(zstd.withBlock(), PPRecordOutputFormat.writerOptions(job.getConfiguration()));
    PPRecordOutputFormat.setBlock(job, 100, 8192);
    assertEquals(zstd.withBlock(100, 8192),
        PPRecordOutputFormat.writerOptions(job.getConfiguration()));
    PPRecordOutputFormat.setBlock(job, false); // off, whatever the sizes say
    assertEquals(zstd, PPRecordOutputFormat.writerOptions(job.getConfiguration()));

    JobConf old = new JobConf(false);
    io.pprecordio.hadoop.mapred.PPRecordOutputFormat.setBlock(old, 7, 100);
    assertEquals(WriterOptions.defaults().withBlock(7, 100),
        PPRecordOutputFormat.writerOptions(old));
    io.pprecordio.hadoop.mapred.PPRecordOutputFormat.setBlock(old, false);
    assertEquals(WriterOptions.defaults(), PPRecordOutputFormat.writerOptions(old));
    assertThrows(IllegalArgumentException.class,
        () -> PPRecordOutputFormat.setBlock(new Configuration(false), 0, 100));

    // A size key alone turns block mode on; the other size is core's default; suffixes work.
    Configuration conf = new Configuration(false);
    conf.set("pprecordio.output.block.bytes", "64k");
    assertEquals(WriterOptions.defaults().withBlock(WriterOptions.DEFAULT_BLOCK_RECORDS, 64 << 10),
        PPRecordOutputFormat.writerOptions(conf));
    conf = new Configuration(false);
    conf.set("pprecordio.output.block", " TRUE ");
    conf.set("pprecordio.output.block.records", "10");
    assertEquals(WriterOptions.defaults().withBlock(10, WriterOptions.DEFAULT_BLOCK_BYTES),
        PPRecordOutputFormat.writerOptions(conf));
  }

  @Test
  void badBlockValuesNameTheKeyWithCoresMessage() {
    assertBad("pprecordio.output.block", "yes", "true or false", false);
    assertBad("pprecordio.output.block.records", "many", "record count", false);
    assertBad("pprecordio.output.block.bytes", "big", "byte count", false);
    assertBad("pprecordio.output.block.bytes", "3g", "byte count", false);
    assertBlockRefused("pprecordio.output.block.records", "40000",
        "pprecordio.output.block.records: a block holds 1 to 32767 records, got 40000");
    assertBlockRefused("pprecordio.output.block.records", "0",
        "pprecordio.output.block.records: a block holds at least 1 record");
    assertBlockRefused("pprecordio.output.block.bytes", "65m",
        "pprecordio.output.block.bytes: a block holds 1 to 67108864 bytes, got 68157440");
    Configuration v1 = new Configuration(false);
    v1.set("pprecordio.output.format.version", "v1");
    v1.set("pprecordio.output.block", "true");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PPRecordOutputFormat.writerOptions(v1));
    assertTrue(e.getMessage().startsWith("pprecordio.output.format.version: v1 frames cannot hold"
        + " blocks"), e.getMessage());
  }

  private static void assertBlockRefused(String key, String value, String messageStart) {
    Configuration conf = new Configuration(false);
    conf.set(key, value);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PPRecordOutputFormat.writerOptions(conf));
    assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
  }

  private static void assertBad(String key, String value, String expected, boolean reader) {
    Configuration conf = new Configuration(false);
    conf.set(key, value);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
      if (reader) {
        PPRecordInputFormat.readerOptions(conf);
      } else {
        PPRecordOutputFormat.writerOptions(conf);
      }
    });
    assertTrue(e.getMessage().contains(key) && e.getMessage().contains("'" + value + "'")
        && e.getMessage().contains(expected), e.getMessage());
  }
}
