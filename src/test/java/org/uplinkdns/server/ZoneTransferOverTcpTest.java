package org.uplinkdns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/** AXFR as a real secondary (dnsjava's transfer client) sees it over TCP. */
class ZoneTransferOverTcpTest {
    @TempDir
    Path dir;

    @Test
    void anAllowedSecondaryReceivesTheWholeZoneAcrossSeveralMessages() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            many.append("h").append(i).append(" IN A 192.0.2.").append(i % 250 + 1).append('\n');
        }
        try (RunningServer s = new RunningServer(dir, "transfer: {allow: [127.0.0.1]}\n", many.toString())) {
            ZoneTransferIn xfr = ZoneTransferIn.newAXFR(Name.fromConstantString("example.net."),
                    new InetSocketAddress(RunningServer.ISP1, s.port), null);
            xfr.setLocalAddress(new InetSocketAddress(RunningServer.ip("127.0.0.1"), 0));
            xfr.run();
            List<Record> records = xfr.getAXFR();
            assertTrue(xfr.isAXFR());
            assertEquals(Type.SOA, records.get(0).getType());
            assertEquals(2000 + 13, records.size(), "2000 hosts, the zone's own 12 records, the closing SOA");
        }
    }

    @Test
    void anyOtherClientIsRefused() throws Exception {
        try (RunningServer s = new RunningServer(dir, "transfer: {allow: [192.0.2.1]}\n")) {
            ZoneTransferIn xfr = ZoneTransferIn.newAXFR(Name.fromConstantString("example.net."),
                    new InetSocketAddress(RunningServer.ISP1, s.port), null);
            ZoneTransferException e = assertThrows(ZoneTransferException.class, xfr::run);
            assertTrue(e.getMessage().contains("REFUSED"), e.getMessage());
        }
    }
}
