package org.uplinkdns.answer;

import java.util.Optional;
import org.uplinkdns.config.ChaosConfig;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The CHAOS-class names servers traditionally answer about themselves, and what each says here. */
final class ChaosNames {
    private static final Name VERSION_BIND = Name.fromConstantString("version.bind.");
    private static final Name VERSION_SERVER = Name.fromConstantString("version.server.");
    private static final Name HOSTNAME_BIND = Name.fromConstantString("hostname.bind.");
    private static final Name ID_SERVER = Name.fromConstantString("id.server.");

    private ChaosNames() {}

    /** The TXT text for {@code question}, or empty when it is not such a query or the answer is off. */
    static Optional<String> answer(ChaosConfig config, Record question) {
        if (question.getDClass() != DClass.CH || (question.getType() != Type.TXT && question.getType() != Type.ANY)) {
            return Optional.empty();
        }
        Name name = question.getName();
        if (name.equals(VERSION_BIND) || name.equals(VERSION_SERVER)) {
            return config.version();
        }
        if (name.equals(HOSTNAME_BIND) || name.equals(ID_SERVER)) {
            return config.hostname();
        }
        return Optional.empty();
    }
}
