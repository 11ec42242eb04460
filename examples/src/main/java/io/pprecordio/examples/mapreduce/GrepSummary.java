package io.pprecordio.examples.mapreduce;

import io.pprecordio.hadoop.PPRecordCounter;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.TaskCounter;

/**
 * What one {@link RecordGrep} run did, read from the job's counters: Hadoop's task counters, the
 * job's {@link GrepCounter} and the connector's {@link PPRecordCounter} group.
 *
 * @param outputFiles the output's part files and their sizes in bytes, in name order
 */
public record GrepSummary(String pattern, String framework, String jobId, double seconds,
    List<String> inputs, String output, long recordsIn, long recordsMatched, long recordsOut,
    long corruptRegions, long skippedBytes, long tornTails, long tornTailBytes,
    Map<String, Long> outputFiles) {

  static GrepSummary of(String pattern, String framework, String jobId, double seconds,
      List<String> inputs, String output, Counters counters, boolean mapOnly,
      Map<String, Long> outputFiles) {
    return new GrepSummary(pattern, framework, jobId, seconds, inputs, output,
        counters.findCounter(TaskCounter.MAP_INPUT_RECORDS).getValue(),
        counters.findCounter(GrepCounter.RECORDS_MATCHED).getValue(),
        counters.findCounter(mapOnly ? TaskCounter.MAP_OUTPUT_RECORDS
            : TaskCounter.REDUCE_OUTPUT_RECORDS).getValue(),
        counters.findCounter(PPRecordCounter.CORRUPT_REGIONS).getValue(),
        counters.findCounter(PPRecordCounter.SKIPPED_BYTES).getValue(),
        counters.findCounter(PPRecordCounter.TORN_TAILS).getValue(),
        counters.findCounter(PPRecordCounter.TORN_TAIL_BYTES).getValue(),
        outputFiles);
  }

  /** One fact per line, numbers unformatted so that scripts can read them. */
  public String render() {
    StringBuilder s = new StringBuilder();
    s.append(String.format("RecordGrep '%s' on %s in %.1f s (%s)%n", pattern, framework, seconds,
        jobId));
    s.append(String.format("input:                   %s%n", String.join(" ", inputs)));
    s.append(String.format("output:                  %s%n", output));
    s.append(String.format("records in:              %d%n", recordsIn));
    s.append(String.format("records matched:         %d%n", recordsMatched));
    s.append(String.format("corrupt regions skipped: %d%n", corruptRegions));
    s.append(String.format("bytes skipped:           %d%n", skippedBytes));
    s.append(String.format("torn tails:              %d%s%n", tornTails,
        tornTails == 0 ? "" : " (" + tornTailBytes + " bytes)"));
    s.append(String.format("records out:             %d%n", recordsOut));
    s.append(String.format("output files (bytes):%n"));
    int width = outputFiles.keySet().stream().mapToInt(String::length).max().orElse(0);
    for (Map.Entry<String, Long> f : outputFiles.entrySet()) {
      s.append(String.format("  %-" + width + "s  %d%n", f.getKey(), f.getValue()));
    }
    return s.toString();
  }
}
