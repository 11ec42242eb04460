package io.pprecordio.examples.cli;

import io.pprecordio.ReaderOptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes records from lines or files. */
@Command(name = "write",
    description = {
      "Writes a pp_recordio file: one record per line of standard input (or of the FILEs), the"
          + " newline removed; or, with --files, one record per file, holding its bytes.",
      "OUT is written under a temporary name and renamed when complete. Its directory must"
          + " exist: write creates files, never directories. Examples:",
      "  pprecordio write data.pp_recordio < lines.txt",
      "  pprecordio write --codec zstd data@4 a.txt b.txt",
      "  find images -name '*.png' | pprecordio write --files images.pp_recordio"
    },
    footer = {
      "  0  success",
      "  2  usage error or I/O error, such as a missing FILE or a missing directory for",
      "     OUT"
    })
final class WriteCommand extends CliCommand {
  /** The largest record a reader can return: a line or file above it could not be read back. */
  private static final long MAX_RECORD = ReaderOptions.MAX_MAX_RECORD_BYTES;

  @Mixin
  WriteOptionsMixin write;

  @Option(names = "--files",
      description = "One record per file, holding the file's bytes. The files are the FILE"
          + " arguments or, without any, the names on standard input, one per line.")
  boolean files;

  @Parameters(index = "0", paramLabel = "OUT",
      description = "The file to write, a name@N shard spec (records are dealt round-robin to"
          + " name-00000-of-0000N ...), or - for standard output.")
  String out;

  @Parameters(index = "1..*", paramLabel = "FILE",
      description = "Read these instead of standard input.")
  List<String> sources = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    List<Path> paths = new ArrayList<>();
    for (String s : sources) {
      paths.add(Paths.get(s));
    }
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new NoSuchFileException(p.toString());
      }
    }
    boolean namesOnStdin = files && paths.isEmpty();
    boolean readsStdin = paths.isEmpty();
    long total = readsStdin ? -1 : totalSize(paths);
    try (RecordOutput output = RecordOutput.open(out, write.writerOptions(), io());
        Progress progress = Progress.start(io(), "write", total,
            out.equals(RecordOutput.STDOUT), readsStdin)) {
      if (files) {
        long done = 0;
        if (namesOnStdin) {
          LineSplitter names = new LineSplitter(io().in(), "<stdin>", 1 << 16);
          for (byte[] name = names.next(); name != null; name = names.next()) {
            String path = new String(name, Charset.defaultCharset()).strip();
            if (!path.isEmpty()) {
              done += writeFile(output, Paths.get(path));
              progress.update(done);
            }
          }
        } else {
          for (Path p : paths) {
            done += writeFile(output, p);
            progress.update(done);
          }
        }
      } else if (readsStdin) {
        writeLines(output, io().in(), "<stdin>", 0, progress);
      } else {
        long done = 0;
        for (Path p : paths) {
          try (InputStream in = Files.newInputStream(p)) {
            done = writeLines(output, in, p.toString(), done, progress);
          }
        }
      }
      output.commit();
    }
    return ExitCodes.OK;
  }

  private static long writeLines(RecordOutput output, InputStream in, String source, long before,
      Progress progress) throws IOException {
    LineSplitter lines = new LineSplitter(in, source, MAX_RECORD);
    for (byte[] line = lines.next(); line != null; line = lines.next()) {
      output.write(line);
      progress.update(before + lines.bytesRead());
    }
    return before + lines.bytesRead();
  }

  private static long writeFile(RecordOutput output, Path p) throws IOException {
    long size = Files.size(p);
    if (size > MAX_RECORD) {
      throw new IOException(p + " is " + size + " bytes, more than the largest record ("
          + MAX_RECORD + " bytes)");
    }
    byte[] bytes = Files.readAllBytes(p);
    output.write(bytes);
    return bytes.length;
  }

  private static long totalSize(List<Path> paths) throws IOException {
    long total = 0;
    for (Path p : paths) {
      total += Files.size(p);
    }
    return total;
  }
}
