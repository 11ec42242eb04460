package io.pprecordio.hadoop;

import io.pprecordio.TestData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;

/** Many tiny files, and every record of combined splits read through both APIs' readers. */
final class CombineReads {
  private CombineReads() {}

  /**
   * {@code count} files of one to three tiny records (0 to 140 bytes), and every 500th file a
   * damaged one of 40 records.
   */
  static List<Fixtures.Content> tinyFiles(int count, long seed) throws IOException {
    Random rnd = new Random(seed);
    List<Fixtures.Content> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = String.format("tiny-%05d.pp_recordio", i);
      if (i % 500 == 250) {
        files.add(Fixtures.damaged(name, TestData.mixed(rnd, 40, false)).content());
      } else {
        files.add(Fixtures.clean(name, TestData.mixed(rnd, 1 + i % 3, false)));
      }
    }
    return files;
  }

  static long totalBytes(List<Fixtures.Content> files) {
    return files.stream().mapToLong(c -> c.bytes().length).sum();
  }

  static List<InputSplit> splits(Configuration conf, Path input, long maxSplitBytes)
      throws IOException {
    Job job = Job.getInstance(conf);
    FileInputFormat.addInputPath(job, input);
    FileInputFormat.setMaxInputSplitSize(job, maxSplitBytes);
    return new CombinePPRecordInputFormat().getSplits(job);
  }

  /**
   * Every record of the splits, through the {@code mapreduce} reader; the file of each comes from
   * {@code mapreduce.map.input.file}, which the combined reader sets for each piece.
   */
  static List<Rec> read(Configuration conf, List<InputSplit> splits)
      throws IOException, InterruptedException {
    List<Rec> recs = new ArrayList<>();
    for (InputSplit split : splits) {
      TaskAttemptContext context = new TaskAttemptContextImpl(new Configuration(conf),
          new TaskAttemptID());
      try (RecordReader<LongWritable, BytesWritable> reader =
          new CombinePPRecordInputFormat().createRecordReader(split, context)) {
        reader.initialize(split, context);
        while (reader.nextKeyValue()) {
          String file = new Path(context.getConfiguration().get(MRJobConfig.MAP_INPUT_FILE))
              .getName();
          recs.add(new Rec(file, reader.getCurrentKey().get(),
              reader.getCurrentValue().copyBytes()));
        }
      }
    }
    return recs;
  }

  /** What the old API made of an input: its number of splits and their records. */
  record OldApiRead(int splits, List<Rec> records) {}

  /** The same through the old {@code mapred} API: its own splits and reader. */
  static OldApiRead readOldApi(Configuration conf, Path input, long maxSplitBytes)
      throws IOException {
    JobConf job = new JobConf(conf);
    org.apache.hadoop.mapred.FileInputFormat.setInputPaths(job, input);
    job.setLong(FileInputFormat.SPLIT_MAXSIZE, maxSplitBytes);
    io.pprecordio.hadoop.mapred.CombinePPRecordInputFormat format =
        new io.pprecordio.hadoop.mapred.CombinePPRecordInputFormat();
    List<Rec> recs = new ArrayList<>();
    org.apache.hadoop.mapred.InputSplit[] splits = format.getSplits(job, 1);
    for (org.apache.hadoop.mapred.InputSplit split : splits) {
      org.apache.hadoop.mapred.RecordReader<LongWritable, BytesWritable> reader =
          format.getRecordReader(split, job, Reporter.NULL);
      try {
        LongWritable key = reader.createKey();
        BytesWritable value = reader.createValue();
        while (reader.next(key, value)) {
          String file = new Path(job.get(MRJobConfig.MAP_INPUT_FILE)).getName();
          recs.add(new Rec(file, key.get(), value.copyBytes()));
        }
      } finally {
        reader.close();
      }
    }
    return new OldApiRead(splits.length, recs);
  }
}
