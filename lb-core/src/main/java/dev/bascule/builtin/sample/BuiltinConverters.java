package dev.bascule.builtin.sample;

import dev.bascule.api.sample.HashFunction;
import dev.bascule.api.sample.SampleConverterFactory;
import dev.bascule.api.sample.SampleType;

import java.util.ArrayList;
import java.util.List;

import static dev.bascule.builtin.sample.BuiltinConverterFactory.noArgument;

/**
 * The converter keyword table of the {@code samples} plugin: HAProxy 2.6's
 * {@code sample_conv_kws} rows that Bascule implements. A converter missing here is reported at
 * its line as not implemented.
 */
final class BuiltinConverters {
    private BuiltinConverters() {
    }

    static List<SampleConverterFactory> all() {
        List<SampleConverterFactory> converters = new ArrayList<>();
        converters.add(noArgument("lower", SampleType.STRING, SampleType.STRING, StringConverters.LOWER));
        converters.add(noArgument("upper", SampleType.STRING, SampleType.STRING, StringConverters.UPPER));
        converters.add(noArgument("length", SampleType.STRING, SampleType.INTEGER, StringConverters.LENGTH));
        converters.add(new BuiltinConverterFactory("add_item", SampleType.STRING, SampleType.STRING,
                VariableConverters::addItem));
        converters.add(new BuiltinConverterFactory("concat", SampleType.STRING, SampleType.STRING,
                VariableConverters::concat));
        converters.add(new BuiltinConverterFactory("strcmp", SampleType.STRING, SampleType.INTEGER,
                VariableConverters::strcmp));
        converters.add(new BuiltinConverterFactory("set-var", SampleType.ANY, SampleType.ANY,
                VariableConverters::setVariable));
        converters.add(new BuiltinConverterFactory("unset-var", SampleType.ANY, SampleType.ANY,
                VariableConverters::unsetVariable));
        converters.add(new BuiltinConverterFactory("field", SampleType.STRING, SampleType.STRING, TextConverters::field));
        converters.add(new BuiltinConverterFactory("word", SampleType.STRING, SampleType.STRING, TextConverters::word));
        converters.add(new BuiltinConverterFactory("iif", SampleType.BOOLEAN, SampleType.STRING, TextConverters::iif));
        converters.add(new BuiltinConverterFactory("url_dec", SampleType.STRING, SampleType.STRING,
                TextConverters::urlDecode));
        converters.add(new BuiltinConverterFactory("ltrim", SampleType.STRING, SampleType.STRING,
                TextConverters::leftTrim));
        converters.add(new BuiltinConverterFactory("rtrim", SampleType.STRING, SampleType.STRING,
                TextConverters::rightTrim));
        converters.add(new BuiltinConverterFactory("add", SampleType.INTEGER, SampleType.INTEGER,
                NumberConverters.binary(NumberConverters::add)));
        converters.add(new BuiltinConverterFactory("sub", SampleType.INTEGER, SampleType.INTEGER,
                NumberConverters.binary(NumberConverters::subtract)));
        converters.add(new BuiltinConverterFactory("mul", SampleType.INTEGER, SampleType.INTEGER,
                NumberConverters.binary(NumberConverters::multiply)));
        converters.add(new BuiltinConverterFactory("div", SampleType.INTEGER, SampleType.INTEGER,
                NumberConverters.binary(NumberConverters::divide)));
        converters.add(new BuiltinConverterFactory("mod", SampleType.INTEGER, SampleType.INTEGER,
                NumberConverters.binary(NumberConverters::modulo)));
        converters.add(new BuiltinConverterFactory("and", SampleType.INTEGER, SampleType.INTEGER,
                NumberConverters.binary((a, b) -> a & b)));
        converters.add(new BuiltinConverterFactory("or", SampleType.INTEGER, SampleType.INTEGER,
                NumberConverters.binary((a, b) -> a | b)));
        converters.add(new BuiltinConverterFactory("xor", SampleType.INTEGER, SampleType.INTEGER,
                NumberConverters.binary((a, b) -> a ^ b)));
        converters.add(noArgument("neg", SampleType.INTEGER, SampleType.INTEGER, NumberConverters.NEG));
        converters.add(noArgument("not", SampleType.INTEGER, SampleType.BOOLEAN, NumberConverters.NOT));
        converters.add(noArgument("bool", SampleType.INTEGER, SampleType.BOOLEAN, NumberConverters.BOOL));
        converters.add(noArgument("odd", SampleType.INTEGER, SampleType.BOOLEAN, NumberConverters.ODD));
        converters.add(noArgument("even", SampleType.INTEGER, SampleType.BOOLEAN, NumberConverters.EVEN));
        converters.add(noArgument("cpl", SampleType.INTEGER, SampleType.INTEGER, NumberConverters.CPL));
        converters.add(noArgument("hex", SampleType.BINARY, SampleType.STRING, BinaryConverters.HEX_STRING));
        converters.add(noArgument("hex2i", SampleType.STRING, SampleType.INTEGER, BinaryConverters.HEX_TO_INTEGER));
        converters.add(noArgument("base64", SampleType.BINARY, SampleType.STRING, BinaryConverters.BASE64_ENCODE));
        converters.add(noArgument("b64dec", SampleType.STRING, SampleType.BINARY, BinaryConverters.BASE64_DECODE));
        converters.add(noArgument("ub64enc", SampleType.BINARY, SampleType.STRING,
                BinaryConverters.BASE64_URL_ENCODE));
        converters.add(noArgument("ub64dec", SampleType.STRING, SampleType.BINARY,
                BinaryConverters.BASE64_URL_DECODE));
        converters.add(new BuiltinConverterFactory("bytes", SampleType.BINARY, SampleType.BINARY,
                BinaryConverters::bytes));
        converters.add(new BuiltinConverterFactory("crc32", SampleType.BINARY, SampleType.INTEGER,
                HashConverters.converter(HashFunction.CRC32)));
        converters.add(new BuiltinConverterFactory("crc32c", SampleType.BINARY, SampleType.INTEGER,
                HashConverters.converter(HashFunction.CRC32C)));
        converters.add(new BuiltinConverterFactory("djb2", SampleType.BINARY, SampleType.INTEGER,
                HashConverters.converter(HashFunction.DJB2)));
        converters.add(new BuiltinConverterFactory("sdbm", SampleType.BINARY, SampleType.INTEGER,
                HashConverters.converter(HashFunction.SDBM)));
        converters.add(new BuiltinConverterFactory("wt6", SampleType.BINARY, SampleType.INTEGER,
                HashConverters.converter(HashFunction.WT6)));
        converters.add(new BuiltinConverterFactory("regsub", SampleType.STRING, SampleType.STRING,
                PatternConverters::regsub));
        converters.add(new BuiltinConverterFactory("url_enc", SampleType.STRING, SampleType.STRING,
                PatternConverters::urlEncode));
        converters.add(new BuiltinConverterFactory("ipmask", SampleType.ADDRESS, SampleType.ADDRESS,
                PatternConverters::ipmask));
        converters.add(new BuiltinConverterFactory("json", SampleType.STRING, SampleType.STRING,
                JsonConverter::create));
        converters.add(new BuiltinConverterFactory("xxh32", SampleType.BINARY, SampleType.INTEGER,
                XxHash.xxh32Converter()));
        converters.add(new BuiltinConverterFactory("xxh64", SampleType.BINARY, SampleType.INTEGER,
                XxHash.xxh64Converter()));
        converters.add(new BuiltinConverterFactory("xxh3", SampleType.BINARY, SampleType.INTEGER, Xxh3.converter()));
        converters.add(new BuiltinConverterFactory("sha1", SampleType.BINARY, SampleType.BINARY,
                DigestConverters::sha1));
        converters.add(new BuiltinConverterFactory("sha2", SampleType.BINARY, SampleType.BINARY,
                DigestConverters::sha2));
        converters.add(new BuiltinConverterFactory("hmac", SampleType.BINARY, SampleType.BINARY,
                DigestConverters::hmac));
        converters.add(new BuiltinConverterFactory("secure_memcmp", SampleType.BINARY, SampleType.BOOLEAN,
                VariableConverters::secureMemcmp));
        converters.add(new BuiltinConverterFactory("digest", SampleType.BINARY, SampleType.BINARY,
                DigestConverters::digest));
        converters.add(noArgument("cut_crlf", SampleType.STRING, SampleType.STRING, StringConverters.CUT_CRLF));
        converters.add(noArgument("host_only", SampleType.STRING, SampleType.STRING, StringConverters.HOST_ONLY));
        converters.add(noArgument("port_only", SampleType.STRING, SampleType.INTEGER, StringConverters.PORT_ONLY));
        converters.add(noArgument("htonl", SampleType.INTEGER, SampleType.BINARY, BinaryConverters.HTONL));
        converters.add(new BuiltinConverterFactory("be2dec", SampleType.BINARY, SampleType.STRING,
                BinaryConverters::be2dec));
        converters.add(new BuiltinConverterFactory("be2hex", SampleType.BINARY, SampleType.STRING,
                BinaryConverters::be2hex));
        converters.add(new BuiltinConverterFactory("http_date", SampleType.INTEGER, SampleType.STRING,
                DateConverters::httpDate));
        converters.add(new BuiltinConverterFactory("utime", SampleType.INTEGER, SampleType.STRING,
                DateConverters::utime));
        converters.add(new BuiltinConverterFactory("ltime", SampleType.INTEGER, SampleType.STRING,
                DateConverters::ltime));
        converters.addAll(MapConverters.all());
        return List.copyOf(converters);
    }
}
