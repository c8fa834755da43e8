// Reference oracle for runtime/tests/validate_pattern_oracle.rs.
//
// Input (file named by args[0]), one record per line, payloads hex-encoded
// UTF-8 so no escaping question arises:
//   P <hex>   compile a pattern; prints "OK" or "ERR <description>"
//   V <hex>   Matcher.find() of the current pattern; prints "1", "0", or
//             "T" when the match needed too many steps (catastrophic
//             backtracking), or "-" when the pattern did not compile.
// Output: one line per input line, on stdout, UTF-8.
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.List;
import java.util.regex.*;

public class PatternOracle {
    static final class Budget extends RuntimeException {
        Budget() { super(null, null, false, false); }
    }

    /** A CharSequence that gives up after a fixed number of reads. */
    static final class Limited implements CharSequence {
        final String s; long left;
        Limited(String s, long left) { this.s = s; this.left = left; }
        public int length() { return s.length(); }
        public char charAt(int i) { if (--left < 0) throw new Budget(); return s.charAt(i); }
        public CharSequence subSequence(int a, int b) { return new Limited(s.substring(a, b), left); }
        public String toString() { return s; }
    }

    static String unhex(String h) {
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws IOException {
        List<String> lines = Files.readAllLines(Paths.get(args[0]), StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out), false, "UTF-8");
        Pattern p = null;
        for (String line : lines) {
            String payload = unhex(line.substring(2));
            if (line.charAt(0) == 'P') {
                try {
                    p = Pattern.compile(payload);
                    out.println("OK");
                } catch (PatternSyntaxException e) {
                    p = null;
                    out.println("ERR " + e.getDescription());
                }
            } else if (p == null) {
                out.println("-");
            } else {
                try {
                    out.println(p.matcher(new Limited(payload, 50_000_000L)).find() ? "1" : "0");
                } catch (Budget e) {
                    out.println("T");
                } catch (StackOverflowError e) {
                    out.println("T");
                }
            }
        }
        out.flush();
    }
}
