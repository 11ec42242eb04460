package io.pprecordio.examples.convert;

import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * The conversion job's own Beam counters, beside the pp_recordio reader's
 * ({@link io.pprecordio.beam.PPRecordMetrics}).
 *
 * <ul>
 *   <li>namespace {@value #NAMESPACE}: {@value #RECORDS_IN} (records read, any format),
 *       {@value #NOT_TEXT_LINES} (records that are not one line of UTF-8 text, for text output),
 *       {@value #RECORDS_OUT} (records counted in the output files) and {@value #OUTPUT_FILES}
 *       (output files counted);
 *   <li>namespace {@value #SHARDS_NAMESPACE}: one counter per output file, named by the file,
 *       holding the records counted in it.
 * </ul>
 */
final class ConvertMetrics {
  static final String NAMESPACE = "pprecordio.convert";
  static final String SHARDS_NAMESPACE = "pprecordio.convert.shards";
  static final String RECORDS_IN = "records_in";
  static final String NOT_TEXT_LINES = "records_not_text_lines";
  static final String RECORDS_OUT = "records_out";
  static final String OUTPUT_FILES = "output_files";

  private ConvertMetrics() {}

  /** Counter values of namespace {@value #NAMESPACE}, by name. */
  static Map<String, Long> job(PipelineResult result) {
    return counters(result, NAMESPACE);
  }

  /** Records per output file, by file name. */
  static Map<String, Long> shards(PipelineResult result) {
    return counters(result, SHARDS_NAMESPACE);
  }

  /**
   * Committed values where the runner has them (each bundle counted once, whatever was retried),
   * attempted values elsewhere (Flink and Spark report only those).
   */
  private static Map<String, Long> counters(PipelineResult result, String namespace) {
    MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.inNamespace(namespace)).build());
    Map<String, Long> values = new TreeMap<>();
    for (MetricResult<Long> counter : metrics.getCounters()) {
      Long committed;
      try {
        committed = counter.getCommittedOrNull();
      } catch (UnsupportedOperationException e) {
        committed = null;
      }
      long value = committed != null ? committed : counter.getAttempted();
      values.merge(counter.getName().getName(), value, Long::sum);
    }
    return values;
  }
}
