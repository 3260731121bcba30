package dev.mlops.maven.image;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the dynamic loader reads from a 64-bit little-endian ELF file (x86-64, AArch64): the
 * machine, the program interpreter ({@code PT_INTERP}), the libraries it needs ({@code DT_NEEDED})
 * and its own soname. Read straight from the headers, so no {@code ldd} (which runs the loader) is
 * needed and foreign-architecture files are recognised instead of executed.
 *
 * @param name        where the file came from, for messages
 * @param machine     {@code e_machine}, e.g. {@link #EM_X86_64}
 * @param interpreter the {@code PT_INTERP} path, e.g. {@code /lib64/ld-linux-x86-64.so.2} (executables)
 * @param needed      the {@code DT_NEEDED} names, in order
 * @param soname      the {@code DT_SONAME}, if any
 */
record ElfFile(String name, int machine, Optional<String> interpreter, List<String> needed, Optional<String> soname) {

    /** {@code e_machine} of x86-64. */
    static final int EM_X86_64 = 62;
    /** {@code e_machine} of AArch64. */
    static final int EM_AARCH64 = 183;

    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final int PT_INTERP = 3;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_SONAME = 14;

    ElfFile {
        needed = List.copyOf(needed);
    }

    /** @return whether the file starts with the ELF magic number */
    static boolean isElf(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) < 4) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer magic = ByteBuffer.allocate(4);
            channel.read(magic, 0);
            return isElf(magic.flip());
        }
    }

    static boolean isElf(ByteBuffer bytes) {
        return bytes.remaining() >= 4 && bytes.get(bytes.position()) == 0x7f && bytes.get(bytes.position() + 1) == 'E'
                && bytes.get(bytes.position() + 2) == 'L' && bytes.get(bytes.position() + 3) == 'F';
    }

    /** Reads a file (memory-mapped: shared libraries run to tens of megabytes). */
    static ElfFile read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return parse(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()), file.toString());
        }
    }

    /**
     * @param bytes the whole file
     * @param name  where it came from, for messages
     * @throws IOException when it is not a 64-bit little-endian ELF file or its headers are cut short
     */
    static ElfFile parse(ByteBuffer bytes, String name) throws IOException {
        ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (!isElf(b)) {
            throw new IOException(name + " is not an ELF file");
        }
        if (b.get(4) != 2 || b.get(5) != 1) {
            throw new IOException(name + " is not a 64-bit little-endian ELF file (class " + b.get(4)
                    + ", data " + b.get(5) + "); only linux/amd64 and linux/arm64 are supported");
        }
        try {
            int machine = Short.toUnsignedInt(b.getShort(18));
            long phoff = b.getLong(32);
            int phentsize = Short.toUnsignedInt(b.getShort(54));
            int phnum = Short.toUnsignedInt(b.getShort(56));
            List<long[]> loads = new ArrayList<>(); // {vaddr, offset, filesz}
            String interpreter = null;
            long dynOffset = -1;
            long dynSize = 0;
            for (int i = 0; i < phnum; i++) {
                int at = Math.toIntExact(phoff + (long) i * phentsize);
                int type = b.getInt(at);
                long offset = b.getLong(at + 8);
                long vaddr = b.getLong(at + 16);
                long filesz = b.getLong(at + 32);
                if (type == PT_LOAD) {
                    loads.add(new long[] {vaddr, offset, filesz});
                } else if (type == PT_INTERP) {
                    interpreter = string(b, offset);
                } else if (type == PT_DYNAMIC) {
                    dynOffset = offset;
                    dynSize = filesz;
                }
            }
            List<Long> neededOffsets = new ArrayList<>();
            long sonameOffset = -1;
            long strtabAddress = -1;
            for (long at = dynOffset; dynOffset >= 0 && at + 16 <= dynOffset + dynSize; at += 16) {
                long tag = b.getLong(Math.toIntExact(at));
                long value = b.getLong(Math.toIntExact(at + 8));
                if (tag == DT_NULL) {
                    break;
                } else if (tag == DT_NEEDED) {
                    neededOffsets.add(value);
                } else if (tag == DT_SONAME) {
                    sonameOffset = value;
                } else if (tag == DT_STRTAB) {
                    strtabAddress = value;
                }
            }
            List<String> needed = new ArrayList<>();
            String soname = null;
            if (strtabAddress >= 0) {
                long strtab = fileOffset(strtabAddress, loads, name);
                for (long offset : neededOffsets) {
                    needed.add(string(b, strtab + offset));
                }
                if (sonameOffset >= 0) {
                    soname = string(b, strtab + sonameOffset);
                }
            }
            return new ElfFile(name, machine, Optional.ofNullable(interpreter), needed, Optional.ofNullable(soname));
        } catch (IndexOutOfBoundsException | BufferUnderflowException | ArithmeticException e) {
            throw new IOException(name + " has truncated or malformed ELF headers: " + e, e);
        }
    }

    /** @return the platform's name for an {@code e_machine}, e.g. {@code amd64} */
    static String architecture(int machine) {
        return switch (machine) {
            case EM_X86_64 -> "amd64";
            case EM_AARCH64 -> "arm64";
            default -> "e_machine " + machine;
        };
    }

    /** The string table is addressed by virtual address; the loadable segments map it to the file. */
    private static long fileOffset(long address, List<long[]> loads, String name) throws IOException {
        for (long[] load : loads) {
            if (address >= load[0] && address < load[0] + load[2]) {
                return address - load[0] + load[1];
            }
        }
        throw new IOException(name + ": its dynamic string table (address 0x" + Long.toHexString(address)
                + ") lies in no loadable segment");
    }

    private static String string(ByteBuffer b, long offset) {
        int start = Math.toIntExact(offset);
        int end = start;
        while (b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        b.get(start, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
