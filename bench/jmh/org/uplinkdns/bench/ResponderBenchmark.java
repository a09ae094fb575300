package org.uplinkdns.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.uplinkdns.answer.Responder;
import org.uplinkdns.answer.Response;
import org.uplinkdns.answer.Transport;
import org.uplinkdns.uplink.UplinkTable;
import org.uplinkdns.view.ServedData;
import org.uplinkdns.view.Snapshot;
import org.uplinkdns.view.SnapshotBuilder;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The answer layer alone: {@link Responder#respond} on the snapshot bench/run.sh serves (the
 * demo zones and the 100k-record zone) for its query file, in order, as dnsperf -D sends them
 * (EDNS with DO) to uplink isp1's address. One operation is one query of the mix.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResponderBenchmark {
    @Param("bench/work/uplinkdns/big.yaml")
    public String config;

    @Param("bench/work/queries.txt")
    public String queries;

    @Param("127.0.3.2")
    public String local;

    private Snapshot snapshot;
    private final Responder responder = new Responder();
    private byte[][] wire;
    private InetAddress localAddress;
    private InetAddress client;
    private int next;

    @Setup
    public void setUp() throws Exception {
        ServedData data = ServedData.load(Path.of(config));
        snapshot = SnapshotBuilder.build(data.config(), data.zones(), UplinkTable.fromConfig(data.config()));
        wire = encode(Path.of(queries));
        localAddress = InetAddress.getByName(local);
        client = InetAddress.getByName("127.0.0.1");
    }

    /** The query file's lines ("name type") as wire-format queries with EDNS and DO, like dnsperf -D. */
    static byte[][] encode(Path file) throws IOException {
        List<byte[]> result = new ArrayList<>();
        int id = 0;
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 2) {
                continue;
            }
            Message m = Message.newQuery(Record.newRecord(Name.fromString(f[0], Name.root), Type.value(f[1]), DClass.IN));
            m.getHeader().setID(id++ & 0xffff);
            m.addRecord(new OPTRecord(4096, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
            result.add(m.toWire());
        }
        return result.toArray(new byte[0][]);
    }

    @Benchmark
    public Response respondUdp() {
        byte[] q = wire[next];
        next = next + 1 == wire.length ? 0 : next + 1;
        return responder.respond(snapshot, q, localAddress, client, Transport.UDP);
    }
}
