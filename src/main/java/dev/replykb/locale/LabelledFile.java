package dev.replykb.locale;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.OutputStreamDataOutput;

/**
 * A file of derived data kept beside the index for the next start (the language detector's lexicon,
 * the analyzed terminology): a header naming what it is, its layout and a label of what it was made
 * from, then the content, then a CRC-32 of everything before it. Written aside and moved in place;
 * read back only when it is whole, undamaged and labelled as asked, so a caller rebuilds rather
 * than parses anything doubtful.
 */
public final class LabelledFile {
  private LabelledFile() {}

  /** Writes the content of a labelled file. */
  @FunctionalInterface
  public interface Content {
    void write(DataOutput out) throws IOException;
  }

  /** A labelled file's content as read back: {@code in} is positioned after the header. */
  public record Read(ByteArrayDataInput in, int length) {
    /**
     * A count read from the file, never more than the file's bytes whatever the file says.
     *
     * @throws IOException for a negative or impossible count: the file is not to be believed
     */
    public int count() throws IOException {
      int n = in.readVInt();
      if (n < 0 || n > length) {
        throw new IOException("a count of " + n + " in a file of " + length + " bytes");
      }
      return n;
    }
  }

  /**
   * Replaces {@code file} (its folder made when missing) with a labelled file of {@code content}.
   */
  public static void write(Path file, String magic, int format, String label, Content content)
      throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(partial))) {
      CheckedOutputStream checked = new CheckedOutputStream(stream, new CRC32());
      DataOutput out = new OutputStreamDataOutput(checked);
      out.writeString(magic);
      out.writeVInt(format);
      out.writeString(label);
      content.write(out);
      new DataOutputStream(stream).writeLong(checked.getChecksum().getValue());
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The content of {@code file} when it is a whole labelled file of this magic, format and label;
   * empty when there is none, it is cut or damaged, or it was made from something else.
   */
  public static Optional<Read> read(Path file, String magic, int format, String label) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      // Checked whole before any of it is parsed.
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length < Long.BYTES) {
        return Optional.empty();
      }
      int length = bytes.length - Long.BYTES;
      CRC32 crc = new CRC32();
      crc.update(bytes, 0, length);
      if (ByteBuffer.wrap(bytes, length, Long.BYTES).getLong() != crc.getValue()) {
        return Optional.empty();
      }
      ByteArrayDataInput in = new ByteArrayDataInput(bytes, 0, length);
      if (!magic.equals(in.readString())
          || in.readVInt() != format
          || !label.equals(in.readString())) {
        return Optional.empty();
      }
      return Optional.of(new Read(in, length));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
