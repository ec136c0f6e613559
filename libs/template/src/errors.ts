/** A template (or parameter set) that CloudFormation would reject; the message is AWS's ValidationError text. */
export class TemplateValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateValidationError';
  }
}

/** The template body could not be read at all (syntax, or a top level that is not a map). */
export class TemplateFormatError extends TemplateValidationError {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'TemplateFormatError';
  }
}

/**
 * A Ref / Fn::GetAtt to a resource whose physical id or attribute is not known yet
 * (the resource has not been created). Not a template error: the caller should retry later.
 */
export class UnresolvedReferenceError extends Error {
  constructor(
    readonly logicalId: string,
    readonly attribute?: string,
  ) {
    super(
      attribute === undefined
        ? `Resource ${logicalId} has no physical id yet`
        : `Attribute ${attribute} of resource ${logicalId} is not available yet`,
    );
    this.name = 'UnresolvedReferenceError';
  }
}

/** Fn::GetAZs where the cloud's zones are not known (the api checks templates without asking the cloud). */
export class UnknownAvailabilityZonesError extends UnresolvedReferenceError {
  constructor() {
    super('Fn::GetAZs');
    this.message = 'The availability zones of the cloud are not known here';
    this.name = 'UnknownAvailabilityZonesError';
  }
}
