package io.pprecordio.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Counts intact records. */
@Command(name = "count",
    description = {
      "Prints the number of intact records in pp_recordio files, as a bare integer.",
      "Corrupt regions are skipped and summed up on standard error."
    })
final class CountCommand extends CliCommand {
  @Mixin
  QuietMixin quiet;

  @Mixin
  ReadOptionsMixin read;

  @Mixin
  InputsMixin inputs;

  @Override
  public Integer call() throws IOException {
    RecordScan.Summary summary = new RecordScan(io(), read.readerOptions(), inputs.expand())
        .progress("count", false)
        .run((input, offset, record) -> true, (input, region) -> { });
    PrintWriter out = spec.commandLine().getOut();
    out.println(summary.records());
    out.flush();
    return diagnostics(quiet.quiet).report(summary);
  }
}
