package io.pprecordio.examples.mapreduce;

import io.pprecordio.ShardSpec;
import io.pprecordio.hadoop.PPRecordInputFormat;
import io.pprecordio.hadoop.PPRecordOutputFormat;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.TaskCompletionEvent;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * A MapReduce job that copies the pp_recordio records matching a pattern into new pp_recordio
 * files: grep for record files, and a resharding tool ({@code -D mapreduce.job.reduces=N} writes N
 * files; an empty pattern keeps every record). It reads with {@link PPRecordInputFormat} and
 * writes with {@link PPRecordOutputFormat}, so the connector's {@code pprecordio.*} keys apply as
 * generic {@code -D} options, and prints a summary from the job's counters.
 *
 * <pre>
 * hadoop jar pprecordio-mapreduce.jar -D mapreduce.job.reduces=8 'user=42' /data/events /out
 * pprecordio grep -D mapreduce.job.reduces=8 'user=42' data/events out     (LocalJobRunner)
 * </pre>
 *
 * <p>Exit status: 0 success, 1 the job failed or the input holds no pp_recordio frame at all,
 * 2 a usage error or an I/O error before the job ran (a missing input, an existing output
 * directory). Errors are one line, never a stack trace.
 */
public class RecordGrep extends Configured implements Tool {
  public static final int OK = 0;
  public static final int JOB_FAILED = 1;
  public static final int USAGE_OR_IO = 2;

  private final PrintStream out;
  private final PrintStream err;
  private final String program;
  private final String errorPrefix;
  private final String helpHint;
  private GrepSummary summary;

  /** The standalone tool, as {@code hadoop jar} runs it: errors are followed by the usage. */
  public RecordGrep() {
    this(System.out, System.err, "hadoop jar pprecordio-mapreduce.jar", "RecordGrep", null);
  }

  /**
   * The tool inside another command-line tool.
   *
   * @param command the prefix of error messages, such as {@code pprecordio grep}
   * @param helpHint appended to usage errors instead of the usage, such as
   *     {@code (see 'pprecordio grep --help')}; null prints the usage
   */
  public RecordGrep(PrintStream out, PrintStream err, String program, String command,
      String helpHint) {
    this.out = out;
    this.err = err;
    this.program = program;
    this.errorPrefix = command + ": ";
    this.helpHint = helpHint;
  }

  public static void main(String[] args) {
    RecordGrep tool = new RecordGrep();
    int status;
    try {
      status = ToolRunner.run(new Configuration(), tool, args);
    } catch (Exception e) {
      // Only Hadoop's generic option parsing gets here, e.g. a -conf file that does not exist.
      tool.error(oneLine(e));
      status = USAGE_OR_IO;
    }
    System.exit(status);
  }

  /** The usage text. */
  public String usage() {
    return GrepArguments.usage(program);
  }

  /** The summary of the last successful run, or null. */
  public GrepSummary summary() {
    return summary;
  }

  @Override
  public int run(String[] args) {
    summary = null;
    GrepArguments arguments;
    Job job;
    try {
      arguments = GrepArguments.parse(args);
      if (arguments.help()) {
        out.println(usage());
        out.flush();
        return OK;
      }
      job = createJob(getConf() != null ? getConf() : new Configuration(), arguments);
    } catch (IllegalArgumentException e) {
      return usageError(e.getMessage());
    } catch (IOException e) {
      error(oneLine(e));
      return USAGE_OR_IO;
    }

    long start = System.nanoTime();
    boolean succeeded;
    try {
      succeeded = job.waitForCompletion(false);
    } catch (IOException e) {
      // Raised at submission: a missing input or a glob matching nothing, an existing output.
      error(oneLine(e));
      return USAGE_OR_IO;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error("interrupted");
      return JOB_FAILED;
    } catch (ClassNotFoundException e) {
      error(oneLine(e));
      return JOB_FAILED;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    try {
      if (!succeeded) {
        error("the job " + job.getJobID() + " failed: " + whyFailed(job));
        return JOB_FAILED;
      }
      Configuration conf = job.getConfiguration();
      String framework = conf.get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME);
      summary = GrepSummary.of(arguments.pattern(),
          framework.equals(MRConfig.LOCAL_FRAMEWORK_NAME) ? "LocalJobRunner" : framework,
          job.getJobID().toString(), seconds, arguments.inputs(), arguments.output(),
          job.getCounters(), job.getNumReduceTasks() == 0,
          outputFiles(conf, new Path(arguments.output())));
    } catch (IOException e) {
      error(oneLine(e));
      return JOB_FAILED;
    }
    out.print(summary.render());
    out.flush();
    if (summary.recordsIn() == 0 && summary.tornTails() == 0 && summary.corruptRegions() > 0) {
      // Every byte was skipped and none was a frame cut short: no pp_recordio data at all.
      List<String> inputs = arguments.inputs();
      error(inputs.size() == 1
          ? inputs.get(0) + " is not a pp_recordio file (no valid frame in its "
              + summary.skippedBytes() + " bytes)"
          : "none of " + String.join(", ", inputs) + " is a pp_recordio file (no valid frame in"
              + " their " + summary.skippedBytes() + " bytes)");
      return JOB_FAILED;
    }
    return OK;
  }

  /** The job for {@code arguments} over {@code conf}, its settings checked before submission. */
  Job createJob(Configuration conf, GrepArguments arguments) throws IOException {
    // Bad pprecordio.* values and patterns fail here, in one line, rather than in every task.
    PPRecordInputFormat.readerOptions(conf);
    PPRecordOutputFormat.writerOptions(conf);
    RecordMatcher.of(arguments.pattern(), arguments.fixed(), arguments.invert());

    Job job = Job.getInstance(conf, "RecordGrep '" + arguments.pattern() + "'");
    job.setJarByClass(RecordGrep.class);
    if (job.getNumReduceTasks() < 0) {
      throw new IllegalArgumentException("mapreduce.job.reduces must be 0 or more, got "
          + job.getNumReduceTasks());
    }
    RecordMatcher.configure(job.getConfiguration(), arguments.pattern(), arguments.fixed(),
        arguments.invert());
    pollQuicklyOnLocal(job.getConfiguration());
    LocalFailures.enableIfLocal(job.getConfiguration());

    job.setInputFormatClass(PPRecordInputFormat.class);
    for (String input : arguments.inputs()) {
      Optional<ShardSpec> shards = ShardSpec.parse(input);
      if (shards.isPresent()) {
        requireShards(job.getConfiguration(), shards.get());
        for (String shard : shards.get().shardNames()) {
          PPRecordInputFormat.addInputPath(job, new Path(shard));
        }
      } else {
        PPRecordInputFormat.addInputPath(job, new Path(input));
      }
    }

    if (job.getNumReduceTasks() == 0) {
      job.setMapperClass(GrepMapper.MapOnly.class);
    } else {
      job.setMapperClass(GrepMapper.ToReducers.class);
      job.setMapOutputKeyClass(LongWritable.class);
      job.setMapOutputValueClass(BytesWritable.class);
      job.setReducerClass(ValuesReducer.class);
    }
    job.setOutputFormatClass(PPRecordOutputFormat.class);
    job.setOutputKeyClass(NullWritable.class);
    job.setOutputValueClass(BytesWritable.class);
    PPRecordOutputFormat.setOutputPath(job, new Path(arguments.output()));
    return job;
  }

  /**
   * Checks that every shard of {@code spec} exists, so that missing ones are named in one line
   * rather than in one "Input path does not exist" error each at submission.
   */
  private static void requireShards(Configuration conf, ShardSpec spec) throws IOException {
    List<String> missing = new ArrayList<>();
    for (String shard : spec.shardNames()) {
      Path path = new Path(shard);
      if (!path.getFileSystem(conf).exists(path)) {
        missing.add(shard);
      }
    }
    if (!missing.isEmpty()) {
      throw new FileNotFoundException((missing.size() == 1 ? "missing shard " : "missing "
          + missing.size() + " shards: ") + String.join(", ", missing) + " of " + spec + " ("
          + spec.shardCount() + " shards)");
    }
  }

  /**
   * The client checks whether a job is done every 5 s by default, which suits a cluster; the
   * LocalJobRunner runs in this JVM, where a small job would spend most of its time waiting.
   * A value the user set wins.
   */
  private static void pollQuicklyOnLocal(Configuration conf) {
    if (!conf.get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME)
        .equals(MRConfig.LOCAL_FRAMEWORK_NAME)) {
      return;
    }
    for (String key : new String[] {
        "mapreduce.client.completion.pollinterval",
        "mapreduce.client.progressmonitor.pollinterval"}) {
      String[] sources = conf.getPropertySources(key);
      if (sources == null || Arrays.stream(sources).allMatch(s -> s.endsWith("-default.xml"))) {
        conf.setInt(key, 100);
      }
    }
  }

  /**
   * Why a job failed: the cluster's failure info and first task diagnostic, or on the
   * LocalJobRunner (which keeps neither) what the task reported through {@link LocalFailures}.
   */
  private static String whyFailed(Job job) throws IOException {
    String local = LocalFailures.take(job.getConfiguration().get(LocalFailures.KEY));
    if (local != null) {
      return local;
    }
    try {
      for (TaskCompletionEvent event : job.getTaskCompletionEvents(0, 1000)) {
        if (event.getStatus() == TaskCompletionEvent.Status.FAILED) {
          String[] diagnostics = job.getTaskDiagnostics(event.getTaskAttemptId());
          if (diagnostics.length > 0) {
            return event.getTaskAttemptId() + ": " + firstLine(diagnostics[0]);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String info;
    try {
      info = job.getStatus().getFailureInfo();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      info = null;
    }
    return info == null || info.isBlank() || info.equals("NA")
        ? "see the job's task logs" : firstLine(info);
  }

  private static Map<String, Long> outputFiles(Configuration conf, Path output)
      throws IOException {
    FileSystem fs = output.getFileSystem(conf);
    Map<String, Long> files = new TreeMap<>();
    for (FileStatus f : fs.listStatus(output, p -> p.getName().startsWith("part-"))) {
      files.put(f.getPath().getName(), f.getLen());
    }
    return files;
  }

  private int usageError(String message) {
    if (helpHint != null) {
      error(message + " " + helpHint);
    } else {
      error(message);
      err.println(usage());
      err.flush();
    }
    return USAGE_OR_IO;
  }

  private void error(String message) {
    err.println(errorPrefix + message);
    err.flush();
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() != null ? e.getMessage() : e.toString();
    return m.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  private static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl).strip();
  }
}
