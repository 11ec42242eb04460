package io.pprecordio.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Copies the intact records of damaged files into a new file. */
@Command(name = "recover",
    description = {
      "Copies every intact record of IN to a new file OUT, in order, and reports on standard"
          + " error each region that was dropped.",
      "OUT is written under a temporary name and renamed when complete, so an interrupted run"
          + " leaves no partial OUT; OUT must not be one of the inputs."
    })
final class RecoverCommand extends CliCommand {
  @Mixin
  WriteOptionsMixin write;

  @Mixin
  ReadOptionsMixin read;

  @Parameters(index = "0", paramLabel = "IN",
      description = "The damaged file, a glob or a name@N shard spec; - reads standard input.")
  String in;

  @Parameters(index = "1", paramLabel = "OUT",
      description = "The file to write, a name@N shard spec (records are dealt round-robin),"
          + " or - for standard output.")
  String out;

  @Override
  public Integer call() throws IOException {
    List<Input> inputs = Input.expand(List.of(in));
    for (Path target : RecordOutput.targets(out)) {
      for (Input input : inputs) {
        if (!input.isStdin() && Files.exists(target) && Files.isSameFile(target, input.path())) {
          throw new UsageException("OUT " + target + " is also an input; recover into a new"
              + " file and keep the damaged one until you have checked the result");
        }
      }
    }
    Diagnostics diagnostics = diagnostics(false);
    RecordScan.Summary summary;
    try (RecordOutput output = RecordOutput.open(out, write.writerOptions(), io())) {
      RecordScan scan = new RecordScan(io(), read.readerOptions(), inputs)
          .progress("recover", out.equals(RecordOutput.STDOUT));
      summary = scan.run((input, address, record) -> {
        output.write(record);
        return true;
      }, (input, region) -> scan.above(
          () -> io().err().println(name() + ": dropped " + region.describe())));
      output.commit();
    }
    StringBuilder report = new StringBuilder("recovered ")
        .append(Diagnostics.plural(summary.records(), "record")).append(" into ").append(out);
    long torn = summary.files().stream().filter(f -> f.stats().tornTail())
        .mapToLong(f -> f.stats().tornTailBytes()).sum();
    if (summary.corruptRegions() == 0 && torn == 0) {
      report.append("; nothing was dropped");
    } else {
      report.append("; dropped ")
          .append(Diagnostics.plural(summary.corruptRegions(), "corrupt region")).append(" (")
          .append(Diagnostics.plural(summary.skippedBytes(), "byte")).append(')');
      if (summary.tornTail()) {
        report.append(" and an incomplete last frame (")
            .append(Diagnostics.plural(torn, "byte")).append(')');
      }
    }
    io().err().println(name() + ": " + report);
    int status = ExitCodes.OK;
    for (RecordScan.FileResult f : summary.files()) {
      if (f.notPPRecordIO()) {
        diagnostics.error(Diagnostics.notPPRecordIO(f.input().name(), f.stats().skippedBytes()));
        status = ExitCodes.DATA;
      }
    }
    return status;
  }
}
