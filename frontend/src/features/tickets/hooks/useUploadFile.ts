import { useMutation } from '@tanstack/react-query';
import { uploadFile } from '../../../api/uploads';

/** Uploads one composer attachment; the reply later refers to it by id. */
export function useUploadFile() {
  return useMutation({ mutationFn: uploadFile });
}
