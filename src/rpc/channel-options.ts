import type { ChannelOptions } from '@grpc/grpc-js';

/**
 * Messages can be large (a working-directory package in the KV, a batch of tasks with inline
 * arguments); objects themselves travel in chunks, so this only bounds single messages.
 */
export const MAX_MESSAGE_BYTES = 512 * 1024 * 1024;

/**
 * Keepalive pings find a dead peer on an idle connection (a subscription stream that has nothing
 * to say) long before TCP would; Ray uses the same order of magnitude.
 */
const KEEPALIVE = {
  'grpc.keepalive_time_ms': 10_000,
  'grpc.keepalive_timeout_ms': 20_000,
  'grpc.keepalive_permit_without_calls': 1,
};

export const CLIENT_CHANNEL_OPTIONS: ChannelOptions = {
  ...KEEPALIVE,
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  // A restarted GCS should be found again within a second or two, not grpc's default two minutes.
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 2000,
};

export const SERVER_CHANNEL_OPTIONS: ChannelOptions = {
  ...KEEPALIVE,
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
};
