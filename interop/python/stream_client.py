#!/usr/bin/python3
"""Interop test client (Python grpcio, C-core) for org.signal.AccountStreamService/StreamAccountData.

Run with Debian's interpreter (apt: python3-grpcio python3-grpc-tools):

  /usr/bin/python3 stream_client.py --target 127.0.0.1:50051 [--token <base64url-no-padding>]
      [--start <hex>] [--limit <hex>] [--max-seconds 60] [--proto <path>] [--ca-file <pem>]
      [--resumable-snapshot]

Opens ONE server-streaming call (no compression; plaintext, or TLS with --ca-file: the server's
certificate must chain to a certificate in that PEM file and name the target's host) and prints
one JSON object per received message on stdout, one per line:
  {"clear_all":false,"dataset_current":false,"token":"<base64url>","records":[{"e164":14155550100,
   "aci":"<hex>","pni":"<hex>","uak":"<hex>","removed_aci":"<hex>"}]}
Exit 0: stdin reached EOF, --max-seconds elapsed (call cancelled), or the server ended the stream OK.
Exit 3: the call failed; stdout gets {"error":{"code":<grpc status>,"details":"..."}}.
Exit 2: bad command line. Stderr is for diagnostics only.

The _pb2/_pb2_grpc modules are generated at startup with grpc_tools.protoc into a temporary
directory (nothing generated is written next to this script).
"""

import argparse
import base64
import binascii
import importlib
import json
import os
import re
import sys
import tempfile
import threading

DEFAULT_PROTO = os.path.normpath(os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    '..', '..', 'wire', 'src', 'main', 'proto', 'accountstream.proto'))


def log(msg):
    try:
        sys.stderr.write('stream_client: %s\n' % msg)
        sys.stderr.flush()
    except Exception:
        pass


def parse_args(argv):
    p = argparse.ArgumentParser(prog='stream_client.py', allow_abbrev=False)
    p.add_argument('--target', required=True, help='host:port')
    p.add_argument('--token', default='', help='last continuation token, base64url without padding')
    p.add_argument('--start', default='', help='shard start, hex (empty when omitted)')
    p.add_argument('--limit', default='', help='shard limit, hex (empty when omitted)')
    p.add_argument('--max-seconds', type=float, default=60.0, help='cancel and exit 0 after this (0 = no limit)')
    p.add_argument('--proto', default=DEFAULT_PROTO, help='path to accountstream.proto')
    p.add_argument('--ca-file', default='', help='TLS: PEM file of the CA certificates to trust (default: plaintext)')
    p.add_argument('--resumable-snapshot', action='store_true',
                   help='tokens during the snapshot too: resuming with one continues it (resumable_snapshot = 4)')
    a = p.parse_args(argv)

    def hex_arg(name, s):
        if not re.fullmatch(r'(?:[0-9a-fA-F]{2})*', s):
            p.error('%s must be an even-length hex string: %s' % (name, s))
        return bytes.fromhex(s)

    a.start_bytes = hex_arg('--start', a.start)
    a.limit_bytes = hex_arg('--limit', a.limit)
    if not re.fullmatch(r'[A-Za-z0-9_-]*', a.token) or len(a.token) % 4 == 1:
        p.error('--token must be base64url without padding: %s' % a.token)
    a.token_bytes = base64.urlsafe_b64decode(a.token + '=' * (-len(a.token) % 4))
    if a.max_seconds < 0:
        p.error('--max-seconds must be >= 0')
    a.proto = os.path.abspath(a.proto)
    if not os.path.isfile(a.proto):
        p.error('proto file not found: %s' % a.proto)
    if a.ca_file:
        try:
            with open(a.ca_file, 'rb') as f:
                a.ca_pem = f.read()
        except OSError as e:
            p.error('cannot read --ca-file: %s' % e)
    return a


def load_modules(proto_path):
    """Generates <name>_pb2 and <name>_pb2_grpc for proto_path in a temp dir and imports them."""
    from grpc_tools import protoc
    proto_dir, proto_file = os.path.split(proto_path)
    name = os.path.splitext(proto_file)[0]
    with tempfile.TemporaryDirectory(prefix='stream_client_pb_') as out:
        include = os.path.join(os.path.dirname(protoc.__file__), '_proto')
        args = ['grpc_tools.protoc', '-I' + proto_dir, '--python_out=' + out, '--grpc_python_out=' + out]
        if os.path.isdir(include):
            args.append('-I' + include)
        args.append(proto_file)
        if protoc.main(args) != 0:
            log('protoc failed for %s' % proto_path)
            sys.exit(2)
        sys.path.insert(0, out)
        try:
            pb2 = importlib.import_module(name + '_pb2')
            pb2_grpc = importlib.import_module(name + '_pb2_grpc')
        finally:
            sys.path.remove(out)
    return pb2, pb2_grpc


def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b'=').decode('ascii')


def message_to_json(m):
    return json.dumps({
        'clear_all': bool(m.clear_all),
        'dataset_current': bool(m.dataset_current),
        'token': b64url(m.continuation_token),
        'records': [{
            'e164': int(r.e164),
            'aci': binascii.hexlify(r.aci).decode('ascii'),
            'pni': binascii.hexlify(r.pni).decode('ascii'),
            'uak': binascii.hexlify(r.uak).decode('ascii'),
            'removed_aci': binascii.hexlify(r.removed_aci).decode('ascii'),
        } for r in m.records],
    }, separators=(',', ':'))


def emit(line):
    try:
        sys.stdout.write(line + '\n')
        sys.stdout.flush()
    except (BrokenPipeError, OSError) as e:
        # Reader went away: nobody left to report to.
        log('stdout: %s' % e)
        os._exit(0)


def main(argv):
    a = parse_args(argv)
    import grpc  # after argument parsing, so --help works without grpcio installed
    pb2, pb2_grpc = load_modules(a.proto)

    # Default channel options (no compression requested); TLS with --ca-file, else plaintext.
    if a.ca_file:
        channel = grpc.secure_channel(a.target, grpc.ssl_channel_credentials(root_certificates=a.ca_pem))
    else:
        channel = grpc.insecure_channel(a.target)
    stub = pb2_grpc.AccountStreamServiceStub(channel)
    request = pb2.AccountDataRequest(
        shard=pb2.Shard(start=a.start_bytes, limit=a.limit_bytes),
        last_continuation_token=a.token_bytes,
        resumable_snapshot=a.resumable_snapshot)
    call = stub.StreamAccountData(request)

    stopping = threading.Event()  # set when WE end the call: its CANCELLED status is not an error

    def stop(reason):
        if not stopping.is_set():
            log(reason)
            stopping.set()
        call.cancel()

    def watch_stdin():
        # The parent stops us by closing our stdin (or by dying, which closes it too).
        try:
            fd = sys.stdin.fileno()
            while os.read(fd, 65536):
                pass
        except (OSError, ValueError, AttributeError):
            pass
        stop('stdin closed, cancelling')

    threading.Thread(target=watch_stdin, name='stdin-watch', daemon=True).start()
    if a.max_seconds > 0:
        timer = threading.Timer(a.max_seconds, stop, ['--max-seconds %g elapsed, cancelling' % a.max_seconds])
        timer.daemon = True
        timer.start()

    code = 0
    try:
        for message in call:
            if stopping.is_set():
                break
            emit(message_to_json(message))
    except grpc.RpcError as e:
        if not (stopping.is_set() and e.code() == grpc.StatusCode.CANCELLED):
            emit(json.dumps({'error': {'code': e.code().value[0], 'details': e.details() or ''}},
                            separators=(',', ':')))
            code = 3
    except KeyboardInterrupt:
        stop('interrupted, cancelling')
        code = 130
    call.cancel()
    channel.close()
    try:
        sys.stdout.flush()
    except Exception:
        pass
    # os._exit: don't wait for the stdin watcher or C-core threads.
    os._exit(code)


if __name__ == '__main__':
    main(sys.argv[1:])
