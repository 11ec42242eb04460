package io.pprecordio.examples.mapreduce;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.mapreduce.JobID;

/**
 * The first failure of each job's tasks, when they run in this JVM. A cluster returns a failed
 * task's diagnostics through {@code Job.getTaskDiagnostics}; the LocalJobRunner returns none and
 * only logs the exception, so the tasks leave it here for the job's one-line error.
 */
final class LocalFailures {
  private static final Map<String, String> FIRST = new ConcurrentHashMap<>();

  private LocalFailures() {}

  static void record(JobID job, Throwable t) {
    String message = t.getMessage() != null ? t.getMessage() : t.toString();
    // By name: tasks see the old API's JobID, a different class that never equals the new one.
    FIRST.putIfAbsent(job.toString(), message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " "));
  }

  /** The first failure recorded for {@code job}, or null; forgets it. */
  static String take(JobID job) {
    return FIRST.remove(job.toString());
  }
}
