package dev.mlops.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.mlops.util.Names;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the first unknown key in a spec document by walking the parser's tokens alongside the
 * spec records' structure. Jackson binds records through their constructors, which validate, so
 * without this pass a typo in a required key would surface as "X is required" instead of naming
 * the typo.
 */
final class SpecKeys {

    /** An unknown key and where it is. */
    record Unknown(String key, String parentPath, List<String> valid, int line, int column) {
    }

    private SpecKeys() {
    }

    static Unknown find(JsonParser parser, Class<?> root) throws IOException {
        if (parser.nextToken() == null) {
            return null;
        }
        return walk(parser, root, "");
    }

    private static Unknown walk(JsonParser p, Type type, String path) throws IOException {
        JsonToken token = p.currentToken();
        Class<?> raw = raw(type);
        if (token == JsonToken.START_OBJECT && raw.isRecord()) {
            List<String> valid = new ArrayList<>();
            for (RecordComponent c : raw.getRecordComponents()) {
                valid.add(name(c));
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int line = p.currentLocation().getLineNr();
                int column = p.currentLocation().getColumnNr();
                p.nextToken();
                RecordComponent component = null;
                for (RecordComponent c : raw.getRecordComponents()) {
                    if (name(c).equals(key)) {
                        component = c;
                    }
                }
                if (component == null) {
                    return new Unknown(key, path, valid.stream().sorted().toList(), line, Math.max(1, column - key.length()));
                }
                Unknown inner = walk(p, component.getGenericType(), path.isEmpty() ? key : path + "." + key);
                if (inner != null) {
                    return inner;
                }
            }
            return null;
        }
        if (token == JsonToken.START_OBJECT && Map.class.isAssignableFrom(raw) && type instanceof ParameterizedType pt) {
            Type valueType = pt.getActualTypeArguments()[1];
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                Unknown inner = walk(p, valueType, path + "." + key);
                if (inner != null) {
                    return inner;
                }
            }
            return null;
        }
        if (token == JsonToken.START_ARRAY && List.class.isAssignableFrom(raw) && type instanceof ParameterizedType pt) {
            Type elementType = pt.getActualTypeArguments()[0];
            int index = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                Unknown inner = walk(p, elementType, path + "[" + index++ + "]");
                if (inner != null) {
                    return inner;
                }
            }
            return null;
        }
        p.skipChildren();
        return null;
    }

    private static String name(RecordComponent c) {
        JsonProperty property = c.getAccessor().getAnnotation(JsonProperty.class);
        if (property == null) {
            property = c.getAnnotation(JsonProperty.class);
        }
        return property != null && !property.value().isEmpty() ? property.value() : c.getName();
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType pt) {
            return (Class<?>) pt.getRawType();
        }
        return Object.class;
    }

    static String message(Unknown u) {
        return "unknown key '" + u.key() + "'" + (u.parentPath().isEmpty() ? "" : " in " + u.parentPath())
                + Names.suggestion(u.key(), u.valid());
    }
}
