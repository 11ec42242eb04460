package io.pprecordio.examples.cli;

import io.pprecordio.CorruptRegion;
import io.pprecordio.ReadStats;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Lists every corrupt region. Regions are printed as the reader meets them rather than collected,
 * so a huge, badly damaged file is checked in bounded memory; hence, in JSON, {@code regions}
 * comes before the totals.
 */
@Command(name = "verify",
    description = {
      "Checks pp_recordio files and lists every corrupt region with its offset, length and"
          + " reason, then a summary line per file.",
      "With --json, prints one object: {\"files\": [...], \"regions\": [{\"file\", \"offset\","
          + " \"length\", \"reason\", \"detail\"}, ...], \"records\", \"corrupt_regions\","
          + " \"skipped_bytes\", \"torn_tail\", \"not_pp_recordio\": [...]}. \"corrupt_frames\","
          + " the old name of \"corrupt_regions\", is printed too until the next release."
    },
    footer = {
      "  0  every file is clean",
      "  1  corruption or a torn tail was found, or a file is not a pp_recordio file",
      "  2  usage error or I/O error, such as a missing file"
    })
final class VerifyCommand extends CliCommand {
  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(names = {"-q", "--quiet"},
      description = "Print nothing: the exit status tells whether the files are clean.")
  boolean quiet;

  @Mixin
  ReadOptionsMixin read;

  @Mixin
  InputsMixin patterns;

  private PrintWriter out;
  private JsonGenerator jsonOut;
  private Diagnostics diagnostics;
  /**
   * A region at offset 0 of bytes that are no frame, held back until we know whether the input is
   * pp_recordio at all: if it is not, one line says so instead.
   */
  private CorruptRegion heldBack;

  @Override
  public Integer call() throws IOException {
    List<Input> inputs = patterns.expand();
    out = spec.commandLine().getOut();
    diagnostics = new Diagnostics(io(), name(), quiet);
    if (json) {
      jsonOut = JsonOutput.over(out);
      jsonOut.writeStartObject();
      jsonOut.writeArrayFieldStart("files");
      for (Input input : inputs) {
        jsonOut.writeString(input.name());
      }
      jsonOut.writeEndArray();
      jsonOut.writeArrayFieldStart("regions");
    }
    // JSON is printed in pieces, not lines, so it gets no progress bar on a shared terminal.
    RecordScan scan = new RecordScan(io(), read.readerOptions(), inputs)
        .progress("verify", json)
        .onFileEnd(this::fileEnd);
    RecordScan.Summary summary = scan.run((input, address, record) -> {
      if (heldBack != null) {
        scan.above(this::releaseHeldBack);
      }
      return true;
    }, (input, region) -> scan.above(() -> {
      releaseHeldBack();
      if (!json && region.offset() == 0
          && region.reason() == CorruptRegion.Reason.UNRECOGNIZED_BYTES) {
        heldBack = region;
      } else {
        printRegion(region);
      }
    }));
    if (json) {
      jsonOut.writeEndArray();
      jsonOut.writeNumberField("records", summary.records());
      JsonOutput.writeDamage(jsonOut, summary);
      jsonOut.writeEndObject();
      jsonOut.flush();
      out.println();
    } else if (inputs.size() > 1 && !quiet) {
      long torn = summary.files().stream().filter(f -> f.stats().tornTail()).count();
      out.printf(Locale.ROOT, "total: %s, %s, %s, %s skipped, %s%n",
          Diagnostics.plural(inputs.size(), "file"), Diagnostics.plural(summary.records(), "record"),
          Diagnostics.plural(summary.corruptRegions(), "corrupt region"),
          Diagnostics.plural(summary.skippedBytes(), "byte"),
          Diagnostics.plural(torn, "torn tail"));
    }
    out.flush();
    boolean clean = summary.corruptRegions() == 0 && !summary.tornTail()
        && !summary.anyNotPPRecordIO();
    return clean ? ExitCodes.OK : ExitCodes.DATA;
  }

  private void releaseHeldBack() throws IOException {
    if (heldBack != null) {
      printRegion(heldBack);
      heldBack = null;
    }
  }

  private void printRegion(CorruptRegion r) throws IOException {
    if (json) {
      jsonOut.writeStartObject();
      jsonOut.writeStringField("file", r.source());
      jsonOut.writeNumberField("offset", r.offset());
      jsonOut.writeNumberField("length", r.length());
      jsonOut.writeStringField("reason", r.reason().name().toLowerCase(Locale.ROOT));
      jsonOut.writeStringField("detail", r.detail());
      jsonOut.writeEndObject();
      jsonOut.flush();
    } else if (!quiet) {
      out.println(r.describe());
    }
  }

  private void fileEnd(RecordScan.FileResult file) throws IOException {
    String name = file.input().name();
    if (file.notPPRecordIO()) {
      heldBack = null;
      diagnostics.error(Diagnostics.notPPRecordIO(name, file.stats().skippedBytes()));
      return;
    }
    releaseHeldBack();
    if (json || quiet) {
      return;
    }
    ReadStats s = file.stats();
    String records = Diagnostics.plural(s.records(), "record");
    if (s.corruptRegions() == 0 && !s.tornTail()) {
      out.println(name + ": ok, " + records);
      return;
    }
    StringBuilder line = new StringBuilder(name).append(": ")
        .append(s.corruptRegions() > 0 ? "corrupt, " : "torn tail, ").append(records);
    if (s.corruptRegions() > 0) {
      line.append(", ").append(Diagnostics.plural(s.corruptRegions(), "corrupt region"))
          .append(" (").append(Diagnostics.plural(s.skippedBytes(), "byte")).append(" skipped)");
    }
    if (s.tornTail()) {
      line.append(", incomplete last frame at offset ")
          .append(s.tornTailOffset().getAsLong()).append(" (")
          .append(Diagnostics.plural(s.tornTailBytes(), "byte")).append(')');
    }
    out.println(line);
  }
}
