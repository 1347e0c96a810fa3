# Runs one mode of the Autobahn TestSuite for wslab's conformance gate (Jython 2.7).
#
#   jython wstest_driver.py fuzzingclient|fuzzingserver <spec.json> <selected-cases.json>
#
# Unlike `wstest`, it listens on 127.0.0.1 only, serves no web pages, lets the OS pick the fuzzing
# server's port (printed as "LISTENING <port>"), and writes the list of cases the suite resolved from the
# spec, so that the Java gate can check that every one of them was reported. It also adds the cases of
# sections 12 and 13 (wstest_deflate_cases.py), which the packaged suite does not have.
import sys
import json

from twisted.internet import reactor
from autobahntestsuite import fuzzing
# Sections 12 and 13 (permessage-deflate): recreated beside this script, since the packaged suite lacks them.
import wstest_deflate_cases

wstest_deflate_cases.register()


def with_str_keys(options):
    # The factories call setProtocolOptions(**options); keyword names must be str, json gives unicode.
    return dict((str(k), v) for k, v in options.items())


def write_selected(factory, path):
    out = open(path, 'w')
    try:
        json.dump(list(factory.specCases), out)
    finally:
        out.close()


def main(mode, spec_path, selected_path):
    spec = json.load(open(spec_path))
    spec['options'] = with_str_keys(spec.get('options', {}))
    if mode == 'fuzzingclient':
        # Connects to each server in the spec, case after case, writes the reports, then stops the reactor.
        factory = fuzzing.FuzzingClientFactory(spec)
        write_selected(factory, selected_path)
    elif mode == 'fuzzingserver':
        factory = fuzzing.FuzzingServerFactory(spec)
        listening = reactor.listenTCP(factory.port, factory, 50, '127.0.0.1')
        # The server checks the port in each request's Host header against this one.
        factory.externalPort = listening.getHost().port
        write_selected(factory, selected_path)
        print 'LISTENING %d' % factory.externalPort
    else:
        raise SystemExit('unknown mode %s' % mode)
    sys.stdout.flush()
    reactor.run(installSignalHandlers=0)


main(sys.argv[1], sys.argv[2], sys.argv[3])
