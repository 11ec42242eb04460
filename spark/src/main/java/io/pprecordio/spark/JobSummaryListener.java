package io.pprecordio.spark;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;

/**
 * Logs, once per job and at INFO, what the job's pp_recordio reads returned and skipped: the sum
 * of the accumulator updates of the job's successful tasks (the accumulators' values are the
 * application's running totals, not one job's).
 *
 * <p>One instance per SparkContext; listener events arrive on one thread.
 */
final class JobSummaryListener extends SparkListener {
  private static final Logger LOG = LoggerFactory.getLogger(PPRecordDataSource.class);
  private static final List<String> NAMES = List.of(PPRecordAccumulators.RECORDS,
      PPRecordAccumulators.CORRUPT_REGIONS, PPRecordAccumulators.SKIPPED_BYTES,
      PPRecordAccumulators.TORN_TAILS, PPRecordAccumulators.TORN_TAIL_BYTES);
  private final Map<Integer, Integer> jobOfStage = new HashMap<>();
  private final Map<Integer, long[]> totals = new HashMap<>();

  private JobSummaryListener() {}

  /** Called once per SparkContext, with its accumulators. */
  static void register(SparkContext sc) {
    sc.addSparkListener(new JobSummaryListener());
  }

  @Override
  public void onJobStart(SparkListenerJobStart event) {
    for (Object stage : JavaConverters.seqAsJavaList(event.stageIds())) {
      jobOfStage.put((Integer) stage, event.jobId());
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    Integer job = jobOfStage.get(event.stageId());
    if (job == null || event.taskInfo() == null || !event.taskInfo().successful()) {
      return;
    }
    for (AccumulableInfo info : JavaConverters.seqAsJavaList(event.taskInfo().accumulables())) {
      int which = info.name().isDefined() ? NAMES.indexOf(info.name().get()) : -1;
      if (which >= 0 && info.update().isDefined()) {
        totals.computeIfAbsent(job, j -> new long[NAMES.size()])[which] +=
            ((Number) info.update().get()).longValue();
      }
    }
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd event) {
    jobOfStage.values().removeIf(job -> job == event.jobId());
    long[] t = totals.remove(event.jobId());
    if (t != null) {
      LOG.info("pp_recordio, job {}: {}", event.jobId(),
          new PPRecordTotals(t[0], t[1], t[2], t[3], t[4]));
    }
  }
}
