package dev.mlops.tracking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The subset of MLflow's run search syntax this library evaluates locally (and validates before
 * sending to a server): clauses {@code <entity>.<key> <op> <value>} joined by {@code and}, and
 * order by entries {@code <entity>.<key> [ASC|DESC]}.
 */
final class SearchFilter {

    /** What a clause or order entry looks at. */
    enum Entity { METRIC, PARAM, TAG, ATTRIBUTE }

    private static final Map<String, Entity> ENTITY_NAMES = Map.ofEntries(
            Map.entry("metric", Entity.METRIC), Map.entry("metrics", Entity.METRIC),
            Map.entry("param", Entity.PARAM), Map.entry("params", Entity.PARAM),
            Map.entry("parameter", Entity.PARAM), Map.entry("parameters", Entity.PARAM),
            Map.entry("tag", Entity.TAG), Map.entry("tags", Entity.TAG),
            Map.entry("attribute", Entity.ATTRIBUTE), Map.entry("attributes", Entity.ATTRIBUTE),
            Map.entry("attr", Entity.ATTRIBUTE), Map.entry("run", Entity.ATTRIBUTE));

    private static final Set<String> STRING_ATTRIBUTES = Set.of("run_id", "run_name", "status", "user_id",
            "artifact_uri", "lifecycle_stage");
    private static final Set<String> NUMERIC_ATTRIBUTES = Set.of("start_time", "end_time");
    private static final List<String> STRING_OPS = List.of("=", "!=", "LIKE", "ILIKE");
    private static final List<String> NUMERIC_OPS = List.of("=", "!=", ">", ">=", "<", "<=");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /**
     * One comparison.
     *
     * @param entity what it looks at
     * @param key    the key (attribute name for attributes)
     * @param op     the operator, upper case
     * @param value  a String or a Double
     */
    record Clause(Entity entity, String key, String op, Object value) {
    }

    /**
     * One order by entry.
     *
     * @param entity    what it sorts by
     * @param key       the key
     * @param ascending the direction
     */
    record Order(Entity entity, String key, boolean ascending) {
    }

    private final List<Clause> clauses;

    private SearchFilter(List<Clause> clauses) {
        this.clauses = List.copyOf(clauses);
    }

    /** The parsed clauses. */
    List<Clause> clauses() {
        return clauses;
    }

    /**
     * Parses a filter.
     *
     * @param filter the filter; null or blank matches every run
     * @return the parsed filter
     * @throws IllegalArgumentException naming the position and what was expected
     */
    static SearchFilter parse(String filter) {
        if (filter == null || filter.isBlank()) {
            return new SearchFilter(List.of());
        }
        Lexer lx = new Lexer(filter);
        List<Clause> clauses = new ArrayList<>();
        while (true) {
            clauses.add(parseClause(lx));
            lx.skipSpace();
            if (lx.atEnd()) {
                break;
            }
            String word = lx.word();
            if (word.equalsIgnoreCase("or")) {
                throw lx.error("OR is not supported (MLflow search joins clauses with AND only)");
            }
            if (!word.equalsIgnoreCase("and")) {
                throw lx.error("expected AND or the end of the filter, found '" + word + "'");
            }
        }
        return new SearchFilter(clauses);
    }

    private static Clause parseClause(Lexer lx) {
        lx.skipSpace();
        int start = lx.pos;
        String[] ident = lx.identifier();
        Entity entity = ident[0] == null ? Entity.ATTRIBUTE : ENTITY_NAMES.get(ident[0].toLowerCase(Locale.ROOT));
        if (entity == null) {
            lx.pos = start;
            throw lx.error("unknown entity '" + ident[0] + "'; valid: metrics, params, tags, attributes");
        }
        String key = ident[1];
        boolean numeric = entity == Entity.METRIC
                || entity == Entity.ATTRIBUTE && NUMERIC_ATTRIBUTES.contains(key.toLowerCase(Locale.ROOT));
        if (entity == Entity.ATTRIBUTE) {
            key = key.toLowerCase(Locale.ROOT);
            if (!STRING_ATTRIBUTES.contains(key) && !NUMERIC_ATTRIBUTES.contains(key)) {
                lx.pos = start;
                throw lx.error("unknown attribute '" + ident[1] + "'; valid: run_id, run_name, status, user_id,"
                        + " artifact_uri, lifecycle_stage, start_time, end_time");
            }
        }
        lx.skipSpace();
        int opPos = lx.pos;
        String op = lx.operator();
        List<String> valid = numeric ? NUMERIC_OPS : STRING_OPS;
        if (!valid.contains(op)) {
            lx.pos = opPos;
            throw lx.error((op.isEmpty() ? "expected a comparison operator" : "operator '" + op + "' is not valid")
                    + " for " + describe(entity, key) + "; valid: " + String.join(", ", valid));
        }
        lx.skipSpace();
        int valuePos = lx.pos;
        Object value = lx.value();
        if (numeric && !(value instanceof Double)) {
            lx.pos = valuePos;
            throw lx.error(describe(entity, key) + " is compared with a number, found " + value);
        }
        if (!numeric && !(value instanceof String)) {
            lx.pos = valuePos;
            throw lx.error(describe(entity, key) + " is compared with a quoted string, found " + value);
        }
        return new Clause(entity, key, op, value);
    }

    private static String describe(Entity entity, String key) {
        return entity.name().toLowerCase(Locale.ROOT) + " '" + key + "'";
    }

    /**
     * Whether a run satisfies every clause; a run lacking a key fails any clause on it.
     *
     * @param run the run
     * @return true when it matches
     */
    boolean matches(Run run) {
        for (Clause c : clauses) {
            if (!matches(run, c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(Run run, Clause c) {
        Object actual = value(run, c.entity(), c.key());
        if (actual == null) {
            return false;
        }
        if (actual instanceof Double d) {
            double expected = (Double) c.value();
            return switch (c.op()) {
                case "=" -> d == expected;
                case "!=" -> d != expected;
                case ">" -> d > expected;
                case ">=" -> d >= expected;
                case "<" -> d < expected;
                case "<=" -> d <= expected;
                default -> throw new IllegalStateException(c.op());
            };
        }
        String s = actual.toString();
        String expected = (String) c.value();
        return switch (c.op()) {
            case "=" -> s.equals(expected);
            case "!=" -> !s.equals(expected);
            case "LIKE" -> like(expected, false).matcher(s).matches();
            case "ILIKE" -> like(expected, true).matcher(s).matches();
            default -> throw new IllegalStateException(c.op());
        };
    }

    /** SQL LIKE: {@code %} any run of characters, {@code _} one character. */
    private static Pattern like(String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            if (ch == '%') {
                regex.append(".*");
            } else if (ch == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL
                | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
    }

    /** The value a clause or order entry looks at: Double for numbers, String otherwise, or null. */
    private static Object value(Run run, Entity entity, String key) {
        switch (entity) {
            case METRIC: {
                Metric m = run.metrics().get(key);
                return m == null ? null : m.value();
            }
            case PARAM:
                return run.params().get(key);
            case TAG:
                return run.tags().get(key);
            default:
                RunInfo info = run.info();
                return switch (key) {
                    case "run_id" -> info.runId();
                    case "run_name" -> info.runName();
                    case "status" -> info.status().name();
                    case "user_id" -> info.userId();
                    case "artifact_uri" -> info.artifactUri();
                    case "lifecycle_stage" -> info.lifecycleStage();
                    case "start_time" -> (double) info.startTime();
                    case "end_time" -> info.endTime() == null ? null : (double) info.endTime();
                    default -> throw new IllegalStateException(key);
                };
        }
    }

    /**
     * Parses an order by entry.
     *
     * @param entry e.g. {@code "metrics.f1 DESC"}
     * @return the parsed entry
     * @throws IllegalArgumentException when malformed
     */
    static Order parseOrder(String entry) {
        Lexer lx = new Lexer(entry);
        lx.skipSpace();
        String[] ident = lx.identifier();
        Entity entity = ident[0] == null ? Entity.ATTRIBUTE : ENTITY_NAMES.get(ident[0].toLowerCase(Locale.ROOT));
        if (entity == null) {
            throw new IllegalArgumentException("Invalid order by '" + entry + "': unknown entity '" + ident[0]
                    + "'; valid: metrics, params, tags, attributes");
        }
        String key = entity == Entity.ATTRIBUTE ? ident[1].toLowerCase(Locale.ROOT) : ident[1];
        if (entity == Entity.ATTRIBUTE && !STRING_ATTRIBUTES.contains(key) && !NUMERIC_ATTRIBUTES.contains(key)) {
            throw new IllegalArgumentException("Invalid order by '" + entry + "': unknown attribute '" + ident[1]
                    + "'; valid: run_id, run_name, status, user_id, start_time, end_time");
        }
        lx.skipSpace();
        boolean ascending = true;
        if (!lx.atEnd()) {
            String dir = lx.word();
            if (dir.equalsIgnoreCase("desc")) {
                ascending = false;
            } else if (!dir.equalsIgnoreCase("asc")) {
                throw new IllegalArgumentException("Invalid order by '" + entry + "': expected ASC or DESC after the"
                        + " key, found '" + dir + "'");
            }
            lx.skipSpace();
            if (!lx.atEnd()) {
                throw new IllegalArgumentException("Invalid order by '" + entry + "': unexpected text after "
                        + dir + ": '" + entry.substring(lx.pos) + "'");
            }
        }
        return new Order(entity, key, ascending);
    }

    /**
     * The order of search results: the given entries, runs lacking a value (or NaN) last in either
     * direction, then MLflow's default (start time descending, run id ascending).
     *
     * @param orderBy order by entries
     * @return the comparator
     */
    static Comparator<Run> comparator(List<String> orderBy) {
        Comparator<Run> result = null;
        for (String entry : orderBy) {
            Order order = parseOrder(entry);
            Comparator<Run> c = (a, b) -> compareValues(sortValue(a, order), sortValue(b, order), order.ascending());
            result = result == null ? c : result.thenComparing(c);
        }
        Comparator<Run> fallback = Comparator.<Run>comparingLong(r -> r.info().startTime()).reversed()
                .thenComparing(r -> r.info().runId());
        return result == null ? fallback : result.thenComparing(fallback);
    }

    private static Object sortValue(Run run, Order order) {
        Object v = value(run, order.entity(), order.key());
        return v instanceof Double d && d.isNaN() ? null : v;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object a, Object b, boolean ascending) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        int c = a.getClass() == b.getClass() ? ((Comparable) a).compareTo(b) : a.toString().compareTo(b.toString());
        return ascending ? c : -c;
    }

    /** Tokens of the filter language. */
    private static final class Lexer {
        final String text;
        int pos;

        Lexer(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        void skipSpace() {
            while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("Invalid filter \"" + text + "\" at character " + (pos + 1) + ": "
                    + what);
        }

        String word() {
            int start = pos;
            while (!atEnd() && !Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            return text.substring(start, pos);
        }

        /** Returns {entity or null, key}. */
        String[] identifier() {
            if (atEnd()) {
                throw error("expected a key such as metrics.f1, params.lr or tags.team");
            }
            char first = text.charAt(pos);
            if (first == '`' || first == '"') {
                return new String[] {null, quoted(first)};
            }
            int start = pos;
            while (!atEnd() && isBareChar(text.charAt(pos))) {
                pos++;
            }
            String head = text.substring(start, pos);
            if (head.isEmpty()) {
                throw error("expected a key such as metrics.f1, params.lr or tags.team");
            }
            int dot = head.indexOf('.');
            if (dot < 0) {
                return new String[] {null, head};
            }
            String entity = head.substring(0, dot);
            String key = head.substring(dot + 1);
            if (key.isEmpty() && !atEnd() && (text.charAt(pos) == '`' || text.charAt(pos) == '"')) {
                key = quoted(text.charAt(pos));
            }
            if (key.isEmpty()) {
                throw error("'" + entity + ".' must be followed by a key");
            }
            return new String[] {entity, key};
        }

        private static boolean isBareChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '/' || c == ':';
        }

        private String quoted(char quote) {
            int start = ++pos;
            while (!atEnd() && text.charAt(pos) != quote) {
                pos++;
            }
            if (atEnd()) {
                pos = start - 1;
                throw error("unterminated " + quote + "-quoted text");
            }
            return text.substring(start, pos++);
        }

        String operator() {
            int start = pos;
            while (!atEnd() && "<>=!".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            if (pos == start) {
                while (!atEnd() && Character.isLetter(text.charAt(pos))) {
                    pos++;
                }
            }
            return text.substring(start, pos).toUpperCase(Locale.ROOT);
        }

        Object value() {
            if (atEnd()) {
                throw error("expected a value");
            }
            char c = text.charAt(pos);
            if (c == '\'' || c == '"') {
                return quoted(c);
            }
            var m = NUMBER.matcher(text).region(pos, text.length());
            if (m.lookingAt()) {
                pos = m.end();
                return Double.parseDouble(m.group());
            }
            return word();
        }
    }
}
