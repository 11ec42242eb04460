package io.pprecordio.hadoop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output format writes into the committer's work directory: nothing is visible until the task
 * commits, and an aborted attempt leaves nothing behind.
 */
class OutputCommitTest {
  @TempDir
  java.nio.file.Path tmp;

  @Test
  void filesAppearOnlyWhenTheTaskCommits() throws Exception {
    Job job = Job.getInstance(new Configuration());
    Path out = Fixtures.hadoopPath(tmp.resolve("out"));
    FileOutputFormat.setOutputPath(job, out);
    // As in a real task, each attempt has its own format (which holds its committer).
    PPRecordOutputFormat format = new PPRecordOutputFormat();
    JobContextImpl jobContext = new JobContextImpl(job.getConfiguration(), job.getJobID());
    TaskAttemptID failed = new TaskAttemptID("commit", 1, TaskType.MAP, 0, 0);
    TaskAttemptID retried = new TaskAttemptID("commit", 1, TaskType.MAP, 0, 1);
    TaskAttemptContext first = new TaskAttemptContextImpl(job.getConfiguration(), failed);
    OutputCommitter committer = format.getOutputCommitter(first);
    committer.setupJob(jobContext);

    committer.setupTask(first);
    RecordWriter<NullWritable, BytesWritable> w1 = format.getRecordWriter(first);
    w1.write(NullWritable.get(), new BytesWritable("from the failed attempt".getBytes()));
    w1.close(first);
    committer.abortTask(first);

    TaskAttemptContext second = new TaskAttemptContextImpl(job.getConfiguration(), retried);
    committer = new PPRecordOutputFormat().getOutputCommitter(second);
    committer.setupTask(second);
    RecordWriter<NullWritable, BytesWritable> w2 =
        new PPRecordOutputFormat().getRecordWriter(second);
    w2.write(NullWritable.get(), new BytesWritable("one".getBytes()));
    w2.write(NullWritable.get(), new BytesWritable(new byte[0]));
    w2.close(second);
    FileSystem fs = out.getFileSystem(job.getConfiguration());
    assertEquals(0, fs.listStatus(out, p -> p.getName().startsWith("part-")).length,
        "visible before commit");
    assertTrue(committer.needsTaskCommit(second));
    committer.commitTask(second);
    committer.commitJob(jobContext);

    List<OutputFiles.Part> parts = OutputFiles.read(job.getConfiguration(), out, ".pp_recordio");
    assertEquals(List.of("part-m-00000.pp_recordio"),
        parts.stream().map(OutputFiles.Part::name).toList());
    assertEquals(2, parts.get(0).records().size());
    assertArrayEquals("one".getBytes(), parts.get(0).records().get(0));
    assertArrayEquals(new byte[0], parts.get(0).records().get(1));
    assertTrue(fs.exists(new Path(out, "_SUCCESS")));
  }
}
