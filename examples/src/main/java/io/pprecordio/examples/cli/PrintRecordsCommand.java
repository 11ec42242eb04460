package io.pprecordio.examples.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import picocli.CommandLine.Mixin;

/** {@code cat} and {@code head}: print records, one per line. */
abstract class PrintRecordsCommand extends CliCommand {
  @Mixin
  PrintOptionsMixin print;

  @Mixin
  QuietMixin quiet;

  @Mixin
  ReadOptionsMixin read;

  @Mixin
  InputsMixin patterns;

  /**
   * What to print of a scan: the records after the first {@code skip} it returns, {@code limit}
   * at most.
   */
  record Plan(RecordScan scan, long skip, long limit) {}

  /** What this command prints of {@code inputs}: the whole files, or part of one. */
  abstract Plan plan(List<Input> inputs) throws IOException;

  @Override
  public Integer call() throws IOException {
    print.check();
    List<Input> inputs = patterns.expand();
    boolean withNames = inputs.size() > 1;
    OutputStream out = new BufferedOutputStream(io().out(), 64 << 10);
    Plan plan = plan(inputs);
    long[] seen = {0};
    long end = plan.skip() + plan.limit() < 0 ? Long.MAX_VALUE : plan.skip() + plan.limit();
    RecordScan.Summary summary;
    try {
      if (plan.limit() == 0) {
        return ExitCodes.OK;
      }
      summary = plan.scan().run((input, address, record) -> {
        if (seen[0]++ >= plan.skip()) {
          print.print(out, withNames ? input.name() : null, address, record);
        }
        return seen[0] < end;
      }, (input, region) -> { });
    } finally {
      out.flush();
    }
    return diagnostics(quiet.quiet).report(summary);
  }
}
