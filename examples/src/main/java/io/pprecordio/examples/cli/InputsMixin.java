package io.pprecordio.examples.cli;

import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Parameters;

/** The inputs of a reading command: files, globs, shard specs or {@code -}. */
final class InputsMixin {
  @Parameters(paramLabel = "FILE_OR_PATTERN", arity = "1..*",
      description = "Files, globs or name@N shard specs to read, in order; - reads standard"
          + " input.")
  List<String> patterns;

  /** The inputs the patterns name, in order; a missing file or shard is an error naming it. */
  List<Input> expand() throws IOException {
    return Input.expand(patterns);
  }
}
