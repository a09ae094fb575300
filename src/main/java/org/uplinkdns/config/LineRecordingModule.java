package org.uplinkdns.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Teaches Jackson to record source lines: every {@link Located} object gets the line of its first
 * token and every {@link Scalar} the line of its value. Jackson itself reports lines only for the
 * errors it finds; the validator needs them for its own.
 */
final class LineRecordingModule extends SimpleModule {

    LineRecordingModule() {
        super("uplinkdns-lines");
        addDeserializer(Scalar.class, new ScalarDeserializer());
        setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(
                    DeserializationConfig config, BeanDescription desc, JsonDeserializer<?> deserializer) {
                if (Located.class.isAssignableFrom(desc.getBeanClass())) {
                    return new LineSetter(deserializer);
                }
                return deserializer;
            }
        });
    }

    private static final class LineSetter extends DelegatingDeserializer {
        LineSetter(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new LineSetter(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            int line = p.currentTokenLocation().getLineNr();
            Object value = super.deserialize(p, ctxt);
            if (value instanceof Located located) {
                located.line = line;
            }
            return value;
        }
    }

    private static final class ScalarDeserializer extends StdDeserializer<Scalar> {
        ScalarDeserializer() {
            super(Scalar.class);
        }

        @Override
        public Scalar deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            int line = p.currentTokenLocation().getLineNr();
            JsonToken token = p.currentToken();
            if (token == null || !token.isScalarValue()) {
                return (Scalar) ctxt.handleUnexpectedToken(Scalar.class, p);
            }
            return new Scalar(p.getValueAsString(), line);
        }

        @Override
        public Scalar getNullValue(DeserializationContext ctxt) {
            return null;
        }
    }
}
