/**
 * Base class of every fault a handler or the protocol layer throws, and the
 * Query-protocol faults that are common to all AWS Query services and so are
 * not in the ElastiCache model. Modeled faults are generated into
 * api/model/generated/faults.ts (including InvalidParameterValue and
 * InvalidParameterCombination, which the model declares).
 */

export type FaultType = "Sender" | "Receiver";

export class AwsFault extends Error {
  /** The wire `<Code>`, which SDKs match to a typed exception. */
  readonly code: string;
  readonly httpStatus: number;
  readonly type: FaultType;

  constructor(code: string, httpStatus: number, message: string, type: FaultType = httpStatus >= 500 ? "Receiver" : "Sender") {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.httpStatus = httpStatus;
    this.type = type;
  }

  get senderFault(): boolean {
    return this.type === "Sender";
  }
}

// Default messages are the descriptions from the AWS "Common Errors" page.

export class MissingActionFault extends AwsFault {
  constructor(message = "The request is missing an action or a required parameter.") {
    super("MissingAction", 400, message);
  }
}

export class InvalidActionFault extends AwsFault {
  constructor(message = "The action or operation requested is invalid. Verify that the action is typed correctly.") {
    super("InvalidAction", 400, message);
  }
}

/** An action that exists in the model but has no handler yet: a client-visible gap, never a 5xx. */
export class NotImplementedFault extends InvalidActionFault {
  constructor(operationName: string) {
    super(`The action ${operationName} is not implemented by elasticache-local yet`);
  }
}

export class MissingParameterFault extends AwsFault {
  constructor(parameterName: string) {
    super("MissingParameter", 400, `The request must contain the parameter ${parameterName}`);
  }
}

export class InvalidQueryParameterFault extends AwsFault {
  constructor(message = "The AWS query string is malformed or does not adhere to AWS standards.") {
    super("InvalidQueryParameter", 400, message);
  }
}

export class MalformedQueryStringFault extends AwsFault {
  constructor(message = "The query string contains a syntax error.") {
    super("MalformedQueryString", 404, message);
  }
}

export class InternalFailureFault extends AwsFault {
  constructor(message = "The request processing has failed because of an unknown error, exception or failure.") {
    super("InternalFailure", 500, message, "Receiver");
  }
}
