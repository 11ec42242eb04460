package io.pprecordio.hadoop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.RecordTooLargeException;
import io.pprecordio.TestData;
import io.pprecordio.WriterOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress, whole-file compression, limits and the stream adapter of the record readers. */
class ReaderBehaviourTest {
  private static final int RECORDS = 400;
  private static final int PAYLOAD = 1000;

  @TempDir
  java.nio.file.Path tmp;
  private final Configuration conf = new Configuration();

  private Path uniformFile() throws IOException {
    Random rnd = new Random(51);
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      records.add(TestData.randomBytes(rnd, PAYLOAD));
    }
    return Fixtures.write(tmp, "uniform.pp_recordio",
        TestData.write(records, WriterOptions.defaults()).bytes());
  }

  private static TaskAttemptContext context(Configuration conf, Counters counters) {
    return new TaskAttemptContextImpl(conf, new TaskAttemptID(), SplitReads.reporter(counters));
  }

  @Test
  void progressIsTheFractionOfTheSplitConsumed() throws Exception {
    Path file = uniformFile();
    long frame = 40 + PAYLOAD;
    long start = 100 * frame - 7; // inside the frame before record 100
    long length = 200 * frame;
    FileSplit split = new FileSplit(file, start, length, null);
    try (PPRecordRecordReader reader = new PPRecordRecordReader()) {
      reader.initialize(split, context(conf, new Counters()));
      assertEquals(0.0f, reader.getProgress());
      int n = 0;
      while (reader.nextKeyValue()) {
        n++;
        assertEquals((100L + n - 1) * frame, reader.getCurrentKey().get());
        // The reader has consumed exactly the frames returned so far.
        double consumed = (double) ((100L + n) * frame - start) / length;
        assertEquals(Math.min(1.0, consumed), reader.getProgress(), 1e-6, "after " + n);
      }
      assertEquals(200, n);
      assertEquals(1.0f, reader.getProgress());
    }
  }

  @Test
  void wholeFileCompressedInputIsOneSplitWithProgress() throws Exception {
    Fixtures.Content c = Fixtures.mixed("x.pp_recordio", 52, 300, false);
    Path gz = Fixtures.write(tmp, "x.pp_recordio.gz", Fixtures.gzip(c.bytes()));
    Job job = Job.getInstance(conf);
    org.apache.hadoop.mapreduce.lib.input.FileInputFormat.setInputPaths(job, gz);
    org.apache.hadoop.mapreduce.lib.input.FileInputFormat.setMaxInputSplitSize(job, 100);
    PPRecordInputFormat format = new PPRecordInputFormat();
    assertEquals(1, format.getSplits(job).size());
    FileSplit split = (FileSplit) format.getSplits(job).get(0);
    List<Long> offsets = new ArrayList<>();
    try (PPRecordRecordReader reader = new PPRecordRecordReader()) {
      reader.initialize(split, context(conf, new Counters()));
      float last = reader.getProgress();
      while (reader.nextKeyValue()) {
        offsets.add(reader.getCurrentKey().get());
        assertTrue(reader.getProgress() >= last);
        last = reader.getProgress();
      }
      assertEquals(1.0f, reader.getProgress());
    }
    assertEquals(c.records().stream().map(Rec::offset).toList(), offsets);

    FileSplit inside = new FileSplit(gz, 10, 100, null);
    try (PPRecordRecordReader reader = new PPRecordRecordReader()) {
      IOException e = assertThrows(IOException.class,
          () -> reader.initialize(inside, context(conf, new Counters())));
      assertTrue(e.getMessage().contains("x.pp_recordio.gz") && e.getMessage().contains(
          "compressed as a whole with GzipCodec and cannot be split"), e.getMessage());
    }
  }

  @Test
  void recordAboveTheLimitFailsNamingFileAndOffset() throws Exception {
    Path file = uniformFile();
    Configuration small = new Configuration(conf);
    PPRecordInputFormat.setMaxRecordBytes(small, PAYLOAD - 1);
    try (PPRecordRecordReader reader = new PPRecordRecordReader()) {
      reader.initialize(new FileSplit(file, 0, 10_000, null), context(small, new Counters()));
      RecordTooLargeException e = assertThrows(RecordTooLargeException.class,
          reader::nextKeyValue);
      assertEquals(0, e.offset());
      assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(
          "pprecordio.max.record.bytes"), e.getMessage());
    }
  }

  @Test
  void keysAndValuesAreReusedAsHadoopReadersDo() throws Exception {
    Path file = uniformFile();
    List<BytesWritable> kept = new ArrayList<>();
    List<byte[]> copies = new ArrayList<>();
    List<LongWritable> keys = new ArrayList<>();
    try (PPRecordRecordReader reader = new PPRecordRecordReader()) {
      reader.initialize(new FileSplit(file, 0, 3 * (40 + PAYLOAD), null),
          context(conf, new Counters()));
      while (reader.nextKeyValue()) {
        kept.add(reader.getCurrentValue());
        copies.add(reader.getCurrentValue().copyBytes());
        keys.add(reader.getCurrentKey());
      }
    }
    assertEquals(3, copies.size());
    assertFalse(java.util.Arrays.equals(copies.get(0), copies.get(1)));
    assertTrue(kept.get(0) == kept.get(1), "values are reused, as Hadoop readers do");
    assertTrue(keys.get(0) == keys.get(1), "keys are reused, as Hadoop readers do");
  }

  @Test
  void channelAdapterSeeksLazilyAndEndsAtTheFileLength() throws Exception {
    byte[] bytes = new byte[10_000];
    new Random(53).nextBytes(bytes);
    Path file = Fixtures.write(tmp, "raw.bin", bytes);
    FileSystem fs = file.getFileSystem(conf);
    FSDataInputChannel ch = new FSDataInputChannel(fs.open(file), bytes.length);
    assertEquals(bytes.length, ch.size());
    assertFalse(ch.readsIntoByteBuffers(), "the checksummed local stream needs the heap copy");
    ByteBuffer buf = ByteBuffer.allocate(100);
    ch.position(9_950);
    assertEquals(50, ch.read(buf));
    assertEquals(-1, ch.read(buf.clear()));
    ch.position(50_000); // past the end: no seek reaches the stream
    assertEquals(-1, ch.read(buf.clear()));
    ch.position(1234);
    ByteBuffer direct = ByteBuffer.allocateDirect(10);
    assertEquals(10, ch.read(direct));
    direct.flip();
    byte[] got = new byte[10];
    direct.get(got);
    assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 1234, 1244), got);
    assertEquals(1244, ch.position());
    ch.close();
    assertFalse(ch.isOpen());
    assertThrows(ClosedChannelException.class, () -> ch.read(ByteBuffer.allocate(1)));
  }
}
