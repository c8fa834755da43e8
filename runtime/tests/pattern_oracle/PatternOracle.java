// Reference oracle for runtime/tests/validate_pattern_oracle.rs.
//
// Input (file named by args[0]), one record per line, payloads hex-encoded
// UTF-8 so no escaping question arises:
//   P <hex>   compile a pattern; prints "OK", "ERR <description>" (a
//             PatternSyntaxException), or "EXC <exception>" (anything else
//             thrown while compiling: a harness problem, not a verdict)
//   V <hex>   Matcher.find() of the current pattern; prints "1", "0", or
//             "T" when the match needed too many steps (catastrophic
//             backtracking), "-" when the pattern did not compile, or
//             "EXC <exception>" when matching threw anything else.
// Output: one line per input line, on stdout, UTF-8; messages are kept on
// one line so the caller can pair output lines with input lines.
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

    static String oneLine(String s) {
        return String.valueOf(s).replaceAll("[\\r\\n\\u0085\\u2028\\u2029]+", " ");
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
                    out.println("ERR " + oneLine(e.getDescription()));
                } catch (RuntimeException | Error e) {
                    p = null;
                    out.println("EXC " + oneLine(e.toString()));
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
                } catch (RuntimeException | Error e) {
                    out.println("EXC " + oneLine(e.toString()));
                }
            }
        }
        out.flush();
    }
}
