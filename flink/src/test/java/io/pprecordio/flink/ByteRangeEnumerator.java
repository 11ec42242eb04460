package io.pprecordio.flink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Cuts every visible file under the given paths into splits of {@code stride} bytes. Local
 * files report one block, so Flink's own splitting enumerator would read each whole; the tests
 * need splits that start and end anywhere inside frames.
 */
final class ByteRangeEnumerator implements FileEnumerator {
  private final long stride;
  private int nextId;

  ByteRangeEnumerator(long stride) {
    this.stride = stride;
  }

  static FileEnumerator.Provider provider(long stride) {
    return () -> new ByteRangeEnumerator(stride);
  }

  @Override
  public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits)
      throws IOException {
    List<FileSourceSplit> splits = new ArrayList<>();
    for (Path path : paths) {
      FileSystem fs = path.getFileSystem();
      addSplits(fs, fs.getFileStatus(path), splits);
    }
    return splits;
  }

  private void addSplits(FileSystem fs, FileStatus file, List<FileSourceSplit> splits)
      throws IOException {
    String name = file.getPath().getName();
    if (name.startsWith(".") || name.startsWith("_")) {
      return; // hidden, like a FileSink's in-progress files
    }
    if (file.isDir()) {
      for (FileStatus child : fs.listStatus(file.getPath())) {
        addSplits(fs, child, splits);
      }
      return;
    }
    for (long at = 0; at < file.getLen(); at += stride) {
      splits.add(new FileSourceSplit(String.valueOf(nextId++), file.getPath(), at,
          Math.min(stride, file.getLen() - at), file.getModificationTime(), file.getLen()));
    }
  }
}
