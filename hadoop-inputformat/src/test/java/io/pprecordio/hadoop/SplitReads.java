package io.pprecordio.hadoop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.RecordAddress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.StatusReporter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;

/**
 * Reads every split of an input directory through one of the two APIs, as the tasks of a job
 * would, each split with its own reader and counters; the counters are then summed as the job
 * would sum them. Within a split, the records' addresses ({@code RecordAddress.ofKey(key)})
 * must ascend.
 */
final class SplitReads {
  private SplitReads() {}

  enum Api { MAPREDUCE, MAPRED }

  /** Everything the splits returned, in split order. */
  static final class Result {
    final List<Rec> records = new ArrayList<>();
    final Map<PPRecordCounter, Long> counters = new EnumMap<>(PPRecordCounter.class);
    int splits;

    long counter(PPRecordCounter c) {
      return counters.getOrDefault(c, 0L);
    }

    void add(PPRecordCounter c, long value) {
      counters.merge(c, value, Long::sum);
    }
  }

  static Result read(Api api, Configuration conf, Path input, long maxSplitBytes)
      throws IOException, InterruptedException {
    return api == Api.MAPREDUCE ? readNew(conf, input, maxSplitBytes)
        : readOld(conf, input, maxSplitBytes);
  }

  /** mapreduce API, split size from {@code mapreduce.input.fileinputformat.split.maxsize}. */
  static Result readNew(Configuration conf, Path input, long maxSplitBytes)
      throws IOException, InterruptedException {
    Job job = Job.getInstance(conf);
    FileInputFormat.setInputPaths(job, input);
    FileInputFormat.setMaxInputSplitSize(job, maxSplitBytes);
    PPRecordInputFormat format = new PPRecordInputFormat();
    List<InputSplit> splits = format.getSplits(job);
    Result result = new Result();
    result.splits = splits.size();
    int id = 0;
    for (InputSplit split : splits) {
      Counters counters = new Counters();
      TaskAttemptContext context = new TaskAttemptContextImpl(job.getConfiguration(),
          new TaskAttemptID("split", 1, TaskType.MAP, id++, 0), reporter(counters));
      try (RecordReader<LongWritable, BytesWritable> reader =
               format.createRecordReader(split, context)) {
        reader.initialize(split, context);
        String name = ((FileSplit) split).getPath().getName();
        float progress = reader.getProgress();
        RecordAddress last = null;
        while (reader.nextKeyValue()) {
          long key = reader.getCurrentKey().get();
          last = ascending(last, key, split);
          result.records.add(new Rec(name, key, reader.getCurrentValue().copyBytes()));
          float now = reader.getProgress();
          assertTrue(now >= progress && now <= 1.0f, "progress " + progress + " -> " + now);
          progress = now;
        }
        assertTrue(reader.getProgress() == 1.0f, "progress at end of " + split);
      }
      for (PPRecordCounter c : PPRecordCounter.values()) {
        result.add(c, counters.findCounter(c).getValue());
      }
    }
    return result;
  }

  /**
   * mapred API. Its FileInputFormat ignores the maximum split size and aims at
   * {@code totalSize / numSplits} instead, so the hint is chosen to give the same split size.
   */
  static Result readOld(Configuration conf, Path input, long maxSplitBytes) throws IOException {
    JobConf job = new JobConf(conf);
    org.apache.hadoop.mapred.FileInputFormat.setInputPaths(job, input);
    io.pprecordio.hadoop.mapred.PPRecordInputFormat format =
        new io.pprecordio.hadoop.mapred.PPRecordInputFormat();
    format.configure(job);
    long total = 0;
    FileSystem fs = input.getFileSystem(conf);
    for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(input)) {
      total += st.getLen();
    }
    int numSplits = (int) Math.max(1, Math.min(Integer.MAX_VALUE, total / maxSplitBytes));
    org.apache.hadoop.mapred.InputSplit[] splits = format.getSplits(job, numSplits);
    Result result = new Result();
    result.splits = splits.length;
    for (org.apache.hadoop.mapred.InputSplit split : splits) {
      org.apache.hadoop.mapred.Counters counters = new org.apache.hadoop.mapred.Counters();
      org.apache.hadoop.mapred.RecordReader<LongWritable, BytesWritable> reader =
          format.getRecordReader(split, job, oldReporter(counters));
      try {
        String name = ((org.apache.hadoop.mapred.FileSplit) split).getPath().getName();
        LongWritable key = reader.createKey();
        BytesWritable value = reader.createValue();
        RecordAddress last = null;
        while (reader.next(key, value)) {
          last = ascending(last, key.get(), split);
          result.records.add(new Rec(name, key.get(), value.copyBytes()));
        }
        assertTrue(reader.getProgress() == 1.0f, "progress at end of " + split);
      } finally {
        reader.close();
      }
      for (PPRecordCounter c : PPRecordCounter.values()) {
        result.add(c, counters.findCounter(c).getValue());
      }
    }
    return result;
  }

  /** The address of {@code key}, after checking that it follows {@code last} in the file. */
  private static RecordAddress ascending(RecordAddress last, long key, Object split) {
    RecordAddress address = RecordAddress.ofKey(key);
    assertTrue(last == null || address.compareTo(last) > 0,
        "addresses ascend within " + split + ": " + last + " then " + address);
    return address;
  }

  static StatusReporter reporter(Counters counters) {
    return new StatusReporter() {
      @Override
      public Counter getCounter(Enum<?> name) {
        return counters.findCounter(name);
      }

      @Override
      public Counter getCounter(String group, String name) {
        return counters.findCounter(group, name);
      }

      @Override
      public void progress() {}

      @Override
      public float getProgress() {
        return 0;
      }

      @Override
      public void setStatus(String status) {}
    };
  }

  static Reporter oldReporter(org.apache.hadoop.mapred.Counters counters) {
    return new Reporter() {
      @Override
      public void setStatus(String status) {}

      @Override
      public org.apache.hadoop.mapred.Counters.Counter getCounter(Enum<?> name) {
        return counters.findCounter(name);
      }

      @Override
      public org.apache.hadoop.mapred.Counters.Counter getCounter(String group, String name) {
        return counters.findCounter(group, name);
      }

      @Override
      public void incrCounter(Enum<?> key, long amount) {
        counters.incrCounter(key, amount);
      }

      @Override
      public void incrCounter(String group, String counter, long amount) {
        counters.incrCounter(group, counter, amount);
      }

      @Override
      public org.apache.hadoop.mapred.InputSplit getInputSplit() {
        throw new UnsupportedOperationException();
      }

      @Override
      public float getProgress() {
        return 0;
      }

      @Override
      public void progress() {}
    };
  }
}
