package io.pprecordio.examples.mapreduce;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.MRConfig;

/**
 * Why a job's first task failed, when the job runs on the LocalJobRunner in this JVM. A cluster
 * keeps a failed task's diagnostics ({@code Job.getTaskDiagnostics}); the LocalJobRunner keeps
 * none, sets no failure info in the job's status, and drops the counters of a failed task, so
 * there the tasks hand the reason over directly.
 *
 * <p>Only a job submitted to the LocalJobRunner carries the key that turns this on
 * ({@link #enableIfLocal}); tasks on a cluster find no key and record nothing, and each local job
 * has its own key, so concurrent jobs never see each other's failures.
 */
final class LocalFailures {
  static final String KEY = "pprecordio.grep.local.failure.key";

  private static final Map<String, String> FIRST = new ConcurrentHashMap<>();

  private LocalFailures() {}

  /** Gives a job that will run on the LocalJobRunner its key; returns it, or null. */
  static String enableIfLocal(Configuration conf) {
    if (!conf.get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME)
        .equals(MRConfig.LOCAL_FRAMEWORK_NAME)) {
      return null;
    }
    String key = UUID.randomUUID().toString();
    conf.set(KEY, key);
    return key;
  }

  /** In a task: remembers the first failure of its job, if the job runs locally. */
  static void record(Configuration conf, Throwable t) {
    String key = conf.get(KEY);
    if (key == null) {
      return;
    }
    String message = t.getMessage() != null ? t.getMessage() : t.toString();
    FIRST.putIfAbsent(key, message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " "));
  }

  /** The first failure recorded under {@code key}, or null; forgets it. */
  static String take(String key) {
    return key == null ? null : FIRST.remove(key);
  }
}
