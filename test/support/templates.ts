/** Small templates the end-to-end suites share. */
export const THREE_INSTANCES_JSON = JSON.stringify({
  AWSTemplateFormatVersion: '2010-09-09',
  Description: 'Three instances, one depending on the other two',
  Parameters: { Image: { Type: 'String', Default: 'debian-12' } },
  Resources: {
    First: { Type: 'AWS::EC2::Instance', Properties: { ImageId: { Ref: 'Image' }, InstanceType: 'Small Instance' } },
    Second: {
      Type: 'CloudStack::VirtualMachine',
      Properties: { TemplateId: { Ref: 'Image' }, ServiceOfferingId: 'Small Instance' },
    },
    Third: {
      Type: 'AWS::EC2::Instance',
      DependsOn: ['First', 'Second'],
      Properties: {
        ImageId: { Ref: 'Image' },
        InstanceType: 'Medium Instance',
        UserData: {
          'Fn::Base64': {
            'Fn::Join': [
              '',
              ['peers=', { 'Fn::GetAtt': ['First', 'PrivateIp'] }, ',', { 'Fn::GetAtt': ['Second', 'PrivateIp'] }],
            ],
          },
        },
      },
    },
  },
  Outputs: {
    FirstAddress: { Description: 'First VM address', Value: { 'Fn::GetAtt': ['First', 'PrivateIp'] } },
    Summary: { Value: { 'Fn::Sub': '${Third} in ${AWS::Region} at ${Third.PrivateIp}' } },
  },
});

export const THREE_INSTANCES_YAML = `
AWSTemplateFormatVersion: "2010-09-09"
Description: Three instances, one depending on the other two
Parameters:
  Image:
    Type: String
    Default: debian-12
Resources:
  First:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Ref Image
      InstanceType: Small Instance
  Second:
    Type: CloudStack::VirtualMachine
    Properties:
      TemplateId: !Ref Image
      ServiceOfferingId: Small Instance
  Third:
    Type: AWS::EC2::Instance
    DependsOn: [First, Second]
    Properties:
      ImageId: !Ref Image
      InstanceType: Medium Instance
      UserData: !Base64
        Fn::Join: ["", ["peers=", !GetAtt First.PrivateIp, ",", !GetAtt Second.PrivateIp]]
Outputs:
  FirstAddress:
    Description: First VM address
    Value: !GetAtt First.PrivateIp
  Summary:
    Value: !Sub "\${Third} in \${AWS::Region} at \${Third.PrivateIp}"
`;

/** Two good VMs and a third naming an image the cloud does not have. */
export const MISSING_IMAGE_JSON = JSON.stringify({
  Resources: {
    Good1: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'debian-12', InstanceType: 'Small Instance' } },
    Good2: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'debian-12', InstanceType: 'Small Instance' } },
    Broken: {
      Type: 'AWS::EC2::Instance',
      DependsOn: ['Good1', 'Good2'],
      Properties: { ImageId: 'no-such-image', InstanceType: 'Small Instance' },
    },
  },
});
