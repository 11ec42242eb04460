package io.pprecordio.hadoop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.TestData;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CombinePPRecordInputFormat}, both APIs, on the local file system: large files cut into
 * pieces inside combined splits return every record once. (The 5,000 small files are in
 * {@link CombineMiniDfsTest}: Hadoop's local file system forks a process per file to list its
 * permissions, which takes longer than the test itself.)
 */
class CombineTest {
  @TempDir
  java.nio.file.Path tmp;

  /** Large files in pieces of at most 16 KiB, cut inside frames: every record once. */
  @Test
  void largeFilesSplitAtAnyByteInsideCombinedSplits() throws Exception {
    java.nio.file.Path dir = Files.createDirectory(tmp.resolve("large"));
    List<Fixtures.Content> files = new ArrayList<>();
    files.add(Fixtures.mixed("a.pp_recordio", 72, 400, false));
    files.add(Fixtures.mixed("b.pp_recordio", 73, 300, false));
    files.add(Fixtures.damaged("c.pp_recordio", TestData.mixed(new Random(74), 300, false))
        .content());
    for (Fixtures.Content c : files) {
      Files.write(dir.resolve(c.name()), c.bytes());
    }
    Configuration conf = LocalJobRunnerTest.localConf(tmp);
    Path input = Fixtures.hadoopPath(dir);
    List<InputSplit> splits = CombineReads.splits(conf, input, 16 << 10);
    assertTrue(splits.size() > files.size() * 5, splits.size() + " splits");
    assertEquals(Fixtures.all(files), Rec.sorted(CombineReads.read(conf, splits)));

    CombineReads.OldApiRead old = CombineReads.readOldApi(conf, input, 16 << 10);
    assertTrue(old.splits() > files.size() * 5, old.splits() + " splits");
    assertEquals(Fixtures.all(files), Rec.sorted(old.records()));
  }
}
