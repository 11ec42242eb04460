package io.pprecordio.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardPatternsTest {
  @TempDir
  Path dir;

  @BeforeAll
  static void fileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  private static List<String> names(List<Metadata> files) {
    return files.stream().map(m -> m.resourceId().getFilename()).collect(Collectors.toList());
  }

  @Test
  void aShardSpecNamesItsShardsInOrder() throws Exception {
    for (int i = 2; i >= 0; i--) {
      Files.write(dir.resolve(String.format("d-%05d-of-00003.pp", i)), new byte[i]);
    }
    Files.write(dir.resolve("d-00000-of-00004.pp"), new byte[1]); // another dataset
    assertEquals(List.of("d-00000-of-00003.pp", "d-00001-of-00003.pp", "d-00002-of-00003.pp"),
        names(ShardPatterns.match(dir + "/d@3.pp")));
  }

  @Test
  void aMissingShardIsNamed() throws Exception {
    Files.write(dir.resolve("d-00000-of-00002"), new byte[1]);
    FileNotFoundException e = assertThrows(FileNotFoundException.class,
        () -> ShardPatterns.match(dir + "/d@2"));
    assertEquals("missing shard " + dir + "/d-00001-of-00002 of " + dir + "/d@2 (2 shards)",
        e.getMessage());
  }

  @Test
  void aGlobMatchesFilesButNotDirectories() throws Exception {
    Files.write(dir.resolve("a.pp"), new byte[1]);
    Files.write(dir.resolve("b.pp"), new byte[1]);
    Files.createDirectory(dir.resolve("c.pp"));
    assertEquals(List.of("a.pp", "b.pp"), names(ShardPatterns.match(dir + "/*.pp")).stream()
        .sorted().collect(Collectors.toList()));
    assertEquals(List.of("a.pp"), names(ShardPatterns.match(dir + "/a.pp")));
  }

  @Test
  void nothingMatchedIsAnErrorNamingThePattern() {
    FileNotFoundException e = assertThrows(FileNotFoundException.class,
        () -> ShardPatterns.match(dir + "/*.none"));
    assertEquals(dir + "/*.none: no such file, or no file matches", e.getMessage());
    assertThrows(FileNotFoundException.class, () -> ShardPatterns.match(dir + "/c.pp/"));
  }
}
