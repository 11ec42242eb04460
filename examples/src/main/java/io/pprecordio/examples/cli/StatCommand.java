package io.pprecordio.examples.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Sums up what files hold. */
@Command(name = "stat",
    description = "Prints what pp_recordio files hold: records, bytes, frames (and block frames),"
        + " format versions and codecs seen, what was skipped, and a histogram of record sizes.")
final class StatCommand extends CliCommand {
  private static final int BAR_WIDTH = 40;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Mixin
  ReadOptionsMixin read;

  @Mixin
  InputsMixin patterns;

  @Override
  public Integer call() throws IOException {
    List<Input> inputs = patterns.expand();
    long fileBytes = 0;
    boolean sizeKnown = true;
    for (Input input : inputs) {
      long size = input.size();
      sizeKnown &= size >= 0;
      fileBytes += Math.max(size, 0);
    }
    SizeHistogram sizes = new SizeHistogram();
    Map<String, Long> versions = new TreeMap<>();
    Map<String, Long> codecs = new TreeMap<>();
    // Frames that hold one record, and block frames (FORMAT.md 3.4).
    Map<String, Long> frames = new TreeMap<>();
    RecordScan.Summary summary = new RecordScan(io(), read.readerOptions(), inputs)
        .progress("stat", false)
        .onFrame((version, codec, frameLength, indexInBlock, blockFrame) -> {
          versions.merge(version.name().toLowerCase(Locale.ROOT), 1L, Long::sum);
          codecs.merge(codec.name().toLowerCase(Locale.ROOT), 1L, Long::sum);
          if (indexInBlock == 0) {
            frames.merge(blockFrame ? "block" : "single", 1L, Long::sum);
          }
        })
        .run((input, address, record) -> {
          sizes.add(record.length);
          return true;
        }, (input, region) -> { });
    if (!sizeKnown) {
      // Standard input or a pipe: its size is how far the reader read it.
      fileBytes = 0;
      for (RecordScan.FileResult f : summary.files()) {
        fileBytes += f.input().size() < 0 ? f.endPosition() : f.input().size();
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      printJson(out, inputs, fileBytes, summary, sizes, versions, codecs, frames);
    } else {
      printText(out, inputs, fileBytes, summary, sizes, versions, codecs, frames);
    }
    out.flush();
    return diagnostics(true).report(summary);
  }

  private void printText(PrintWriter out, List<Input> inputs, long fileBytes,
      RecordScan.Summary s, SizeHistogram sizes, Map<String, Long> versions,
      Map<String, Long> codecs, Map<String, Long> frames) {
    row(out, "files", Long.toString(inputs.size()));
    row(out, "file bytes", human(fileBytes));
    row(out, "records", Long.toString(s.records()));
    row(out, "record bytes", human(s.recordBytes()) + ", decoded");
    if (sizes.records() > 0) {
      row(out, "record size", String.format(Locale.ROOT, "min %d, mean %.1f, max %d",
          sizes.min(), sizes.mean(), sizes.max()));
    }
    row(out, "format versions", counts(versions));
    row(out, "codecs", counts(codecs));
    long blocks = frames.getOrDefault("block", 0L);
    row(out, "frames", (blocks + frames.getOrDefault("single", 0L))
        + (blocks == 0 ? "" : " (" + Diagnostics.plural(blocks, "block frame") + ")"));
    row(out, "corrupt regions", Long.toString(s.corruptRegions()));
    row(out, "skipped bytes", Long.toString(s.skippedBytes()));
    StringBuilder torn = new StringBuilder();
    for (RecordScan.FileResult f : s.files()) {
      if (f.stats().tornTail()) {
        torn.append(torn.length() == 0 ? "" : ", ").append(f.input().name())
            .append(" at offset ").append(f.stats().tornTailOffset().getAsLong())
            .append(" (").append(Diagnostics.plural(f.stats().tornTailBytes(), "byte"))
            .append(')');
      }
    }
    row(out, "torn tail", torn.length() == 0 ? "no" : torn.toString());
    for (RecordScan.FileResult f : s.files()) {
      if (f.notPPRecordIO()) {
        row(out, "not pp_recordio", f.input().name());
      }
    }
    List<SizeHistogram.Bucket> buckets = sizes.buckets();
    if (buckets.isEmpty()) {
      return;
    }
    out.println();
    out.println("record sizes (decoded bytes):");
    long peak = buckets.stream().mapToLong(SizeHistogram.Bucket::count).max().orElse(1);
    int labelWidth = buckets.stream().mapToInt(b -> b.label().length()).max().orElse(1);
    int countWidth = Long.toString(peak).length();
    for (SizeHistogram.Bucket b : buckets) {
      int bar = (int) Math.ceil((double) b.count() * BAR_WIDTH / peak);
      out.printf(Locale.ROOT, "  %" + labelWidth + "s  %" + countWidth + "d  %s%n", b.label(),
          b.count(), "#".repeat(bar));
    }
  }

  /** "v1 3, v2 10", or "none" when no record was read. */
  private static String counts(Map<String, Long> counts) {
    if (counts.isEmpty()) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    counts.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ')
        .append(v));
    return sb.toString();
  }

  private static void row(PrintWriter out, String key, String value) {
    out.printf(Locale.ROOT, "%-17s %s%n", key + ":", value);
  }

  private static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%d (%.1f %s)", bytes, v, units[u]);
  }

  private void printJson(PrintWriter out, List<Input> inputs, long fileBytes,
      RecordScan.Summary s, SizeHistogram sizes, Map<String, Long> versions,
      Map<String, Long> codecs, Map<String, Long> frames) throws IOException {
    JsonGenerator g = JsonOutput.over(out);
    g.writeStartObject();
    g.writeArrayFieldStart("files");
    for (Input input : inputs) {
      g.writeString(input.name());
    }
    g.writeEndArray();
    g.writeNumberField("file_bytes", fileBytes);
    g.writeNumberField("records", s.records());
    g.writeNumberField("record_bytes", s.recordBytes());
    g.writeNumberField("min_record_bytes", sizes.min());
    g.writeNumberField("max_record_bytes", sizes.max());
    writeCounts(g, "format_versions", versions);
    writeCounts(g, "codecs", codecs);
    long blocks = frames.getOrDefault("block", 0L);
    g.writeNumberField("frames", blocks + frames.getOrDefault("single", 0L));
    g.writeNumberField("block_frames", blocks);
    JsonOutput.writeDamage(g, s);
    g.writeArrayFieldStart("size_histogram");
    for (SizeHistogram.Bucket b : sizes.buckets()) {
      g.writeStartObject();
      g.writeNumberField("min", b.min());
      g.writeNumberField("max", b.max());
      g.writeNumberField("count", b.count());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.flush();
    out.println();
  }

  private static void writeCounts(JsonGenerator g, String field, Map<String, Long> counts)
      throws IOException {
    g.writeObjectFieldStart(field);
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }
}
