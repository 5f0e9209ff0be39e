package dev.replykb.catalog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes files so that a crash, even {@code kill -9} or a power cut, leaves the old file or the new
 * one and never half of one: a catalog variant saved by a translator, the usage counts beside the
 * index.
 */
public final class AtomicFile {
  private AtomicFile() {}

  /**
   * Replaces {@code target} with {@code bytes}: written to a temporary file in the same folder,
   * forced to disk, renamed over the target, and the folder forced so the rename is durable too.
   * The temporary file's name starts with a dot, so the catalog loader and watcher ignore it.
   */
  public static void write(Path target, byte[] bytes) throws IOException {
    Files.createDirectories(target.getParent());
    Path temporary =
        target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel channel =
          FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
      forceFolder(target.getParent());
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Replaces {@code target} with {@code temporary}, a file of the same folder written whole: forced
   * to disk, renamed over the target, the folder forced. For files too large to hold in memory.
   */
  public static void replace(Path temporary, Path target) throws IOException {
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    try {
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
    forceFolder(target.toAbsolutePath().getParent());
  }

  /** Deletes {@code target} and makes the deletion durable. */
  public static void delete(Path target) throws IOException {
    Files.delete(target);
    forceFolder(target.getParent());
  }

  private static void forceFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Not every platform opens folders; the rename is atomic regardless.
    }
  }
}
