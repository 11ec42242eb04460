package io.pprecordio.examples.convert;

import io.pprecordio.beam.PPRecordMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** What one conversion did, from the pipeline's counters; {@link #render()} prints it. */
public final class ConvertSummary {
  private final String runner;
  private final DataFormat inputFormat;
  private final String input;
  private final int inputFiles;
  private final long inputBytes;
  private final DataFormat outputFormat;
  private final String output;
  private final long recordsIn;
  private final PPRecordMetrics.Summary read;
  private final long notTextLines;
  private final OptionalLong recordsOut;
  private final Map<String, OptionalLong> shards;
  private final double seconds;

  ConvertSummary(String runner, DataFormat inputFormat, String input, int inputFiles,
      long inputBytes, DataFormat outputFormat, String output, long recordsIn,
      PPRecordMetrics.Summary read, long notTextLines, OptionalLong recordsOut,
      Map<String, OptionalLong> shards, double seconds) {
    this.runner = runner;
    this.inputFormat = inputFormat;
    this.input = input;
    this.inputFiles = inputFiles;
    this.inputBytes = inputBytes;
    this.outputFormat = outputFormat;
    this.output = output;
    this.recordsIn = recordsIn;
    this.read = read;
    this.notTextLines = notTextLines;
    this.recordsOut = recordsOut;
    this.shards = Collections.unmodifiableMap(new LinkedHashMap<>(shards));
    this.seconds = seconds;
  }

  public long recordsIn() {
    return recordsIn;
  }

  /** Corrupt regions the pp_recordio reader skipped (0 for other input formats). */
  public long corruptRegionsSkipped() {
    return read.corruptRegions();
  }

  public long bytesSkipped() {
    return read.skippedBytes();
  }

  public long tornTails() {
    return read.tornTails();
  }

  /** Records counted in the output files; empty if they were not counted. */
  public OptionalLong recordsOut() {
    return recordsOut;
  }

  /** Output file names (without directory), in shard order, with their record counts. */
  public Map<String, OptionalLong> recordsPerShard() {
    return shards;
  }

  /** The output as a shard spec that reads it back, e.g. {@code out/events@4.txt}. */
  public String output() {
    return output;
  }

  /** Records that were not single lines of UTF-8 text, when the output is text. */
  public long recordsNotTextLines() {
    return notTextLines;
  }

  /**
   * Whatever makes the result doubtful: a pp_recordio input with no valid frame at all, or
   * records in and out that do not agree. Empty when the result can be trusted.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (inputFormat == DataFormat.PPRECORDIO && recordsIn == 0 && read.tornTails() == 0
        && inputBytes > 0 && read.skippedBytes() == inputBytes) {
      // As the CLI's cat says it of one file; the metrics are per job, so several files are
      // reported together.
      problems.add(inputFiles == 1
          ? String.format("%s is not a pp_recordio file (no valid frame in its %d bytes)", input,
              inputBytes)
          : String.format("none of the %d files of %s is a pp_recordio file (no valid frame in"
              + " their %d bytes)", inputFiles, input, inputBytes));
      return problems;
    }
    if (recordsOut.isPresent() && recordsOut.getAsLong() != recordsIn) {
      if (outputFormat == DataFormat.TEXT && notTextLines > 0) {
        return problems; // explained by the warning below, not a loss
      }
      problems.add(String.format("the output files hold %d records, but %d were read: the"
          + " output is not what the job wrote", recordsOut.getAsLong(), recordsIn));
    }
    return problems;
  }

  public List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    if (outputFormat == DataFormat.TEXT && notTextLines > 0) {
      warnings.add(String.format("%d records are not single lines of UTF-8 text: as text lines"
          + " they were split or altered; convert to tfrecord, sequencefile or pp_recordio to"
          + " keep binary records intact", notTextLines));
    }
    return warnings;
  }

  /** The summary for people: one fact per line, numbers unformatted so scripts can read them. */
  public String render() {
    StringBuilder s = new StringBuilder();
    s.append(String.format("Converted %s -> %s on %s in %.1f s%n", inputFormat, outputFormat,
        runner, seconds));
    s.append(String.format("input:                   %s (%d file%s, %d bytes)%n", input, inputFiles,
        inputFiles == 1 ? "" : "s", inputBytes));
    s.append(String.format("output:                  %s%n", output));
    s.append(String.format("records in:              %d%n", recordsIn));
    s.append(String.format("corrupt regions skipped: %d%n", read.corruptRegions()));
    s.append(String.format("bytes skipped:           %d%n", read.skippedBytes()));
    s.append(String.format("torn tails:              %d%n", read.tornTails()));
    s.append(String.format("records out:             %s%n", recordsOut.isPresent()
        ? Long.toString(recordsOut.getAsLong()) : "not counted (--countOutputRecords=false)"));
    s.append(String.format("records per output shard:%n"));
    int width = 0;
    for (String name : shards.keySet()) {
      width = Math.max(width, name.length());
    }
    for (Map.Entry<String, OptionalLong> shard : shards.entrySet()) {
      s.append(String.format("  %-" + width + "s  %s%n", shard.getKey(),
          shard.getValue().isPresent() ? Long.toString(shard.getValue().getAsLong()) : "-"));
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return render();
  }
}
