"""Test harness: drives real botocore against the protocol layer without any network.

Reads one JSON command on stdin, writes one JSON result on stdout.
  sign:    SigV4Auth over an AWSRequest -> the headers botocore would send
  client:  a real botocore CloudFormation client call; the wire request is captured in `before-send`
           and answered with the given XML, so both the signing and the response parsing are botocore's
  presign: client.generate_presigned_url -> the URL botocore produces (for the given HTTP method)
"""
import json
import sys

import botocore.session
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest, AWSResponse
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError


class _Raw:
    def __init__(self, data):
        self._data = data

    def stream(self, **_kwargs):
        yield self._data


def _text(value):
    if value is None:
        return ''
    return value.decode('utf-8') if isinstance(value, bytes) else value


def _json_default(value):
    if isinstance(value, bytes):
        return value.decode('utf-8')
    return value.isoformat()


def _client(cmd):
    session = botocore.session.get_session()
    return session.create_client(
        'cloudformation',
        region_name=cmd['region'],
        endpoint_url=cmd['endpoint'],
        aws_access_key_id=cmd['akid'],
        aws_secret_access_key=cmd['secret'],
        aws_session_token=cmd.get('token'),
        config=Config(retries={'total_max_attempts': 1}),
    )


def sign(cmd):
    request = AWSRequest(method='POST', url=cmd['url'], data=cmd['body'].encode('utf-8'), headers=cmd['headers'])
    SigV4Auth(Credentials(cmd['akid'], cmd['secret'], cmd.get('token')), 'cloudformation', cmd['region']).add_auth(
        request
    )
    return {'headers': dict(request.headers.items())}


def client(cmd):
    captured = {}

    def before_send(request, **_kwargs):
        captured.update(
            method=request.method, url=request.url, headers=dict(request.headers.items()), body=_text(request.body)
        )
        headers = {'x-amzn-requestid': cmd['requestId'], 'content-type': 'text/xml'}
        return AWSResponse(request.url, cmd['status'], headers, _Raw(cmd['responseXml'].encode('utf-8')))

    cfn = _client(cmd)
    cfn.meta.events.register('before-send', before_send)
    try:
        parsed = getattr(cfn, cmd['operation'])(**cmd['params'])
        return {'request': captured, 'parsed': parsed}
    except ClientError as error:
        return {'request': captured, 'error': error.response}


def presign(cmd):
    cfn = _client(cmd)
    url = cfn.generate_presigned_url(
        cmd['operation'], Params=cmd['params'], ExpiresIn=cmd['expires'], HttpMethod=cmd['httpMethod']
    )
    return {'url': url}


if __name__ == '__main__':
    command = json.load(sys.stdin)
    result = {'sign': sign, 'client': client, 'presign': presign}[command['mode']](command)
    json.dump(result, sys.stdout, default=_json_default)
